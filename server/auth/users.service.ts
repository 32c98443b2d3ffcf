/** Admin management of users and their roles. Every change is audited with before/after. */
import type { Db, Prisma } from "../platform/db/client";
import { AppError, isUniqueViolation } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { hashPassword } from "./password";
import type { Role } from "./permissions";
import type { OwnerScope } from "./scope";

const USER_LIST_SELECT = {
  id: true,
  name: true,
  email: true,
  phone: true,
  roles: true,
  status: true,
  lastLoginAt: true,
  createdAt: true,
  organisation: { select: { id: true, name: true, kind: true } },
} as const;

export async function listUsers(
  db: Db,
  filter: { query?: string; role?: Role; status?: "ACTIVE" | "DISABLED"; page: number; pageSize: number },
) {
  const where: Prisma.UserWhereInput = {
    ...(filter.role ? { roles: { has: filter.role } } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.query
      ? {
          OR: [
            { name: { contains: filter.query, mode: "insensitive" } },
            { email: { contains: filter.query, mode: "insensitive" } },
            { phone: { contains: filter.query } },
          ],
        }
      : {}),
  };
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      select: USER_LIST_SELECT,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    }),
  ]);
  return { total, users, page: filter.page, pageSize: filter.pageSize };
}

async function loadUser(tx: Prisma.TransactionClient, userId: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, roles: true, status: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
  return user;
}

export async function updateUserRoles(
  deps: { db: Db },
  ctx: CommandContext,
  input: { userId: string; roles: Role[] },
) {
  const roles = [...new Set(input.roles)];
  if (roles.length === 0) throw new AppError("BAD_REQUEST", "A user needs at least one role.");
  if (input.userId === ctx.actor.userId && !roles.includes("admin")) {
    throw new AppError("PRECONDITION_FAILED", "You cannot remove your own admin role. Ask another admin.");
  }
  return runCommand(deps, ctx, async ({ tx, audit }) => {
    const before = await loadUser(tx, input.userId);
    const updated = await tx.user.update({
      where: { id: input.userId },
      data: { roles },
      select: { id: true, roles: true },
    });
    audit({
      action: "user.roles_changed",
      entityType: "user",
      entityId: input.userId,
      before: { roles: before.roles },
      after: { roles: updated.roles },
    });
    return updated;
  });
}

export async function setUserStatus(
  deps: { db: Db },
  ctx: CommandContext,
  input: { userId: string; status: "ACTIVE" | "DISABLED" },
) {
  if (input.userId === ctx.actor.userId && input.status === "DISABLED") {
    throw new AppError("PRECONDITION_FAILED", "You cannot disable your own account.");
  }
  return runCommand(deps, ctx, async ({ tx, audit }) => {
    const before = await loadUser(tx, input.userId);
    if (before.status === input.status) return { id: before.id, status: before.status };
    const updated = await tx.user.update({
      where: { id: input.userId },
      data: { status: input.status },
      select: { id: true, status: true },
    });
    audit({
      action: input.status === "DISABLED" ? "user.disabled" : "user.enabled",
      entityType: "user",
      entityId: input.userId,
      before: { status: before.status },
      after: { status: updated.status },
    });
    return updated;
  });
}

export async function createUser(
  deps: { db: Db },
  ctx: CommandContext,
  input: { name: string; email: string; roles: Role[]; organisationId?: string | null; password: string },
) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await runCommand(deps, ctx, async ({ tx, audit }) => {
      if (input.organisationId) {
        const organisation = await tx.organisation.findUnique({
          where: { id: input.organisationId },
          select: { id: true },
        });
        if (!organisation) throw new AppError("BAD_REQUEST", "That organisation does not exist.");
      }
      const user = await tx.user.create({
        data: {
          name: input.name,
          email: input.email,
          roles: [...new Set(input.roles)],
          organisationId: input.organisationId ?? null,
          passwordHash,
        },
        select: { id: true, email: true, roles: true },
      });
      audit({
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, roles: user.roles, organisationId: input.organisationId ?? null },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "A user with this email already exists.");
    throw error;
  }
}

export async function listOrganisations(db: Db) {
  return db.organisation.findMany({
    select: { id: true, name: true, kind: true, code: true },
    orderBy: { name: "asc" },
  });
}

/** The signed-in user's own profile (header, "me"). */
export async function currentUserProfile(db: Db, scope: OwnerScope) {
  return db.user.findUniqueOrThrow({
    where: { id: scope.userId },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      organisation: { select: { id: true, name: true } },
    },
  });
}
