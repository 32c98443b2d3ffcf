/**
 * Appends audit events inside the caller's transaction.
 *
 * Each entity has its own hash chain (chain_key = "<entityType>:<entityId>"). Writers to one chain are
 * serialised by a transaction-scoped advisory lock on that key; writers to different entities never wait
 * for each other. UNIQUE (chain_key, chain_seq) makes a fork impossible even if the lock were bypassed.
 * Keys are locked in sorted order so two transactions touching the same entities cannot deadlock.
 */
import type { Prisma } from "../db/client";
import { type AuditHashFields, chainKeyOf, GENESIS_HASH, hashAuditEvent, toJsonValue } from "./audit-hash";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** Anything else worth keeping (reason, ids, amounts). */
  data?: Record<string, unknown>;
}

export interface AuditMeta {
  actorId: string | null;
  actorRole: string | null;
  correlationId: string | null;
  ip: string | null;
  occurredAt: Date;
}

type Tx = Prisma.TransactionClient;

function summaryOf(entry: AuditEntry): unknown {
  const summary: Record<string, unknown> = { ...(entry.data ?? {}) };
  if (entry.before !== undefined) summary.before = entry.before;
  if (entry.after !== undefined) summary.after = entry.after;
  return toJsonValue(summary);
}

export async function appendAuditEvents(tx: Tx, entries: AuditEntry[], meta: AuditMeta): Promise<void> {
  if (entries.length === 0) return;
  const chainKeys = [...new Set(entries.map((entry) => chainKeyOf(entry.entityType, entry.entityId)))].sort();

  await tx.$executeRawUnsafe(
    "SELECT pg_advisory_xact_lock(hashtextextended(k, 7)) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n",
    chainKeys,
  );
  const heads = await tx.$queryRawUnsafe<{ key: string; chain_seq: number | null; hash: string | null }[]>(
    `SELECT t.key, e.chain_seq, e.hash
       FROM unnest($1::text[]) AS t(key)
       LEFT JOIN LATERAL (
         SELECT chain_seq, hash FROM audit_event WHERE chain_key = t.key ORDER BY chain_seq DESC LIMIT 1
       ) e ON true`,
    chainKeys,
  );
  const head = new Map(
    heads.map((row) => [row.key, { seq: row.chain_seq ?? 0, hash: row.hash ?? GENESIS_HASH }]),
  );

  const rows = entries.map((entry) => {
    const chainKey = chainKeyOf(entry.entityType, entry.entityId);
    const previous = head.get(chainKey) ?? { seq: 0, hash: GENESIS_HASH };
    const fields: AuditHashFields = {
      chainKey,
      chainSeq: previous.seq + 1,
      occurredAt: meta.occurredAt,
      actorId: meta.actorId,
      actorRole: meta.actorRole,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      summary: summaryOf(entry),
      correlationId: meta.correlationId,
      ip: meta.ip,
    };
    const hash = hashAuditEvent(fields, previous.hash);
    head.set(chainKey, { seq: fields.chainSeq, hash });
    return { ...fields, summary: fields.summary as Prisma.InputJsonValue, prevHash: previous.hash, hash };
  });
  await tx.auditEvent.createMany({ data: rows });
}
