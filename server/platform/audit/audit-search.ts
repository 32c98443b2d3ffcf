/** Reading the audit trail: search with filters, newest first, keyset-paginated. */
import type { Db, Prisma } from "../db/client";

export interface AuditSearch {
  text?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  correlationId?: string;
  from?: Date;
  to?: Date;
  /** Return rows older than this id (keyset pagination). */
  before?: bigint;
  limit: number;
}

export async function searchAuditEvents(db: Db, search: AuditSearch) {
  const where: Prisma.AuditEventWhereInput = {
    ...(search.action ? { action: { startsWith: search.action } } : {}),
    ...(search.entityType ? { entityType: search.entityType } : {}),
    ...(search.entityId ? { entityId: search.entityId } : {}),
    ...(search.actorId ? { actorId: search.actorId } : {}),
    ...(search.correlationId ? { correlationId: search.correlationId } : {}),
    ...(search.from || search.to ? { occurredAt: { gte: search.from, lte: search.to } } : {}),
    ...(search.before ? { id: { lt: search.before } } : {}),
    ...(search.text
      ? {
          OR: [
            { action: { contains: search.text, mode: "insensitive" } },
            { entityId: { contains: search.text } },
            { entityType: { contains: search.text, mode: "insensitive" } },
            { actorId: { contains: search.text } },
            { correlationId: { contains: search.text } },
          ],
        }
      : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: search.limit + 1 });
  const hasMore = rows.length > search.limit;
  const items = rows
    .slice(0, search.limit)
    .map((row) => ({ ...row, id: row.id.toString(), txId: row.txId.toString() }));
  return { items, nextBefore: hasMore ? items[items.length - 1]?.id : undefined };
}

export async function auditStats(db: Db, since: Date) {
  const [total, recent, byAction] = await Promise.all([
    db.auditEvent.count(),
    db.auditEvent.count({ where: { occurredAt: { gte: since } } }),
    db.auditEvent.groupBy({
      by: ["action"],
      where: { occurredAt: { gte: since } },
      _count: { _all: true },
      orderBy: { _count: { action: "desc" } },
      take: 8,
    }),
  ]);
  return { total, recent, byAction: byAction.map((row) => ({ action: row.action, count: row._count._all })) };
}
