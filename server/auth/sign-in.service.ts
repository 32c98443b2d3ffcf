/** Password sign-in for staff, partners, investors and distributors. */
import { type Actor, anonymousActor, userActor } from "../platform/actor";
import { AppError } from "../platform/errors";
import { runCommand } from "../platform/unit-of-work";
import { type AuthDeps, authLimiters } from "./auth-deps";
import { dummyPasswordHash, verifyPassword } from "./password";
import { isRole, type Role } from "./permissions";

export interface SignedInUser {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  roles: Role[];
  organisationId: string | null;
}

export interface SignInMeta {
  ip: string;
  correlationId: string;
}

const WRONG_CREDENTIALS = "Email or password is incorrect.";

export async function signInWithPassword(
  deps: AuthDeps,
  input: { email: string; password: string },
  meta: SignInMeta,
): Promise<SignedInUser> {
  const limiters = authLimiters(deps);
  const accountKey = `${input.email}|${meta.ip}`;
  const tooMany = "Too many failed sign-ins.";
  await limiters.passwordPerAccount.check(accountKey, tooMany);
  await limiters.passwordPerIp.check(meta.ip, tooMany);

  const user = await deps.db.user.findUnique({ where: { email: input.email } });
  // Verify against a dummy hash for unknown emails so response time does not reveal which accounts exist.
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  const authenticated = Boolean(user?.passwordHash) && valid;

  const ctx = {
    actor: anonymousActor as Actor,
    correlationId: meta.correlationId,
    ip: meta.ip,
    clock: deps.clock,
  };
  if (!user || !authenticated) {
    await limiters.passwordPerAccount.consume(accountKey, tooMany);
    await limiters.passwordPerIp.consume(meta.ip, tooMany);
    if (user) {
      await runCommand(deps, ctx, async ({ audit }) => {
        audit({
          action: "auth.sign_in_failed",
          entityType: "user",
          entityId: user.id,
          data: { method: "password" },
        });
      });
    }
    throw new AppError("UNAUTHENTICATED", WRONG_CREDENTIALS);
  }
  if (user.status !== "ACTIVE") {
    throw new AppError("FORBIDDEN", "This account is disabled. Contact your administrator.");
  }
  await limiters.passwordPerAccount.reset(accountKey);
  const signedInCtx = { ...ctx, actor: userActor(user) };
  await runCommand(deps, signedInCtx, async ({ tx, audit, now }) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    audit({ action: "auth.signed_in", entityType: "user", entityId: user.id, data: { method: "password" } });
  });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    roles: user.roles.filter(isRole),
    organisationId: user.organisationId,
  };
}

/** Audits a sign-out (next-auth's signOut event). */
export async function recordSignOut(deps: AuthDeps, userId: string): Promise<void> {
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: { id: true, roles: true, organisationId: true },
  });
  if (!user) return;
  const ctx = {
    actor: userActor(user),
    correlationId: `sign-out-${userId}-${Date.now()}`,
    ip: null,
    clock: deps.clock,
  };
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({ action: "auth.signed_out", entityType: "user", entityId: userId });
  });
}
