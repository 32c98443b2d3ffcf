/**
 * Read-only presenters for each portal's dashboard (trigger.dev's "presenter" pattern): they compose
 * reads across contexts and never write. Tenant data is read only through a scope made from the actor.
 */
import type { OrganisationScope, OwnerScope } from "../auth/scope";
import { auditStats } from "../platform/audit/audit-search";
import type { Db } from "../platform/db/client";
import { outboxLagSeconds } from "../platform/outbox/outbox-relay";

const DAY_MS = 24 * 3600 * 1000;

export async function adminDashboard(db: Db, now: Date) {
  const since = new Date(now.getTime() - DAY_MS);
  const [usersByRole, organisationsByKind, audit, lastVerification, outbox, messages, deadLetters] =
    await Promise.all([
      db.$queryRawUnsafe<{ role: string; count: bigint }[]>(
        "SELECT unnest(roles)::text AS role, count(*) AS count FROM app_user GROUP BY 1 ORDER BY 1",
      ),
      db.organisation.groupBy({ by: ["kind"], _count: { _all: true } }),
      auditStats(db, since),
      db.auditVerification.findFirst({
        where: { finishedAt: { not: null } },
        orderBy: { startedAt: "desc" },
      }),
      outboxLagSeconds(db),
      db.outboundMessage.groupBy({
        by: ["status"],
        where: { createdAt: { gte: since } },
        _count: { _all: true },
      }),
      db.deadLetter.count({ where: { replayedAt: null } }),
    ]);
  return {
    usersByRole: usersByRole.map((row) => ({ role: row.role, count: Number(row.count) })),
    organisationsByKind: organisationsByKind.map((row) => ({ kind: row.kind, count: row._count._all })),
    audit,
    lastVerification,
    outbox,
    messagesLast24h: messages.map((row) => ({ status: row.status, count: row._count._all })),
    openDeadLetters: deadLetters,
  };
}

async function organisationWithTeam(db: Db, scope: OrganisationScope) {
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { id: scope.organisationId },
    select: {
      id: true,
      name: true,
      code: true,
      kind: true,
      city: true,
      registrationNumber: true,
      createdAt: true,
    },
  });
  const team = await db.user.findMany({
    where: { organisationId: scope.organisationId },
    select: { id: true, name: true, email: true, roles: true, status: true, lastLoginAt: true },
    orderBy: { name: "asc" },
  });
  return { organisation, team };
}

export async function partnerDashboard(db: Db, scope: OrganisationScope) {
  return organisationWithTeam(db, scope);
}

export async function distributorDashboard(db: Db, scope: OrganisationScope) {
  return organisationWithTeam(db, scope);
}

export async function storeDashboard(db: Db, scope: OrganisationScope) {
  const { organisation, team } = await organisationWithTeam(db, scope);
  const stores = await db.store.findMany({
    where: { organisationId: scope.organisationId },
    select: { id: true, code: true, name: true, city: true, pincode: true },
    orderBy: { name: "asc" },
  });
  return { organisation, team, stores };
}

export async function investorDashboard(db: Db, scope: OwnerScope) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: scope.userId },
    select: { id: true, name: true, email: true, phone: true, createdAt: true, lastLoginAt: true },
  });
  return { user };
}

export async function shopperHome(db: Db, scope: OwnerScope) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: scope.userId },
    select: { id: true, name: true, phone: true, createdAt: true },
  });
  return { user };
}

const SECURITY_ACTIONS = [
  "auth.sign_in_failed",
  "auth.otp_failed",
  "user.roles_changed",
  "user.disabled",
  "user.created",
];

export async function complianceDashboard(db: Db, now: Date) {
  const since = new Date(now.getTime() - 7 * DAY_MS);
  const [audit, verifications, securityEvents] = await Promise.all([
    auditStats(db, since),
    db.auditVerification.findMany({ orderBy: { startedAt: "desc" }, take: 5 }),
    db.auditEvent.findMany({
      where: { action: { in: SECURITY_ACTIONS }, occurredAt: { gte: since } },
      orderBy: { id: "desc" },
      take: 10,
    }),
  ]);
  return {
    audit,
    verifications,
    securityEvents: securityEvents.map((row) => ({
      ...row,
      id: row.id.toString(),
      txId: row.txId.toString(),
    })),
  };
}
