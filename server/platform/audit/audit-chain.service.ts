/**
 * Sealing and verifying the audit trail.
 *
 * - anchorAuditChains: records, in the append-only audit_anchor chain, the head of every entity chain
 *   written by transactions that have ended since the previous anchor (tx id below the snapshot xmin),
 *   so a row committed late is never skipped and a deleted chain tail is detectable.
 * - verifyAuditTrail: re-hashes every row chain by chain, checks links and sequence, then checks every
 *   anchor; reports the earliest broken link.
 */
import type { Clock } from "../clock";
import type { Db, Prisma } from "../db/client";
import {
  type AnchorHead,
  type ChainBreak,
  type ChainRow,
  GENESIS_HASH,
  hashAnchor,
  sortHeads,
  verifyChainRows,
} from "./audit-hash";

export async function anchorAuditChains(
  db: Db,
  clock: Clock,
): Promise<{ anchorId: string; headCount: number } | null> {
  return db.$transaction(async (tx) => {
    // One anchorer at a time; the anchor chain itself must not fork.
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtextextended('audit_anchor', 7))");
    const [last] = await tx.$queryRawUnsafe<{ to_tx_id: bigint; hash: string }[]>(
      "SELECT to_tx_id, hash FROM audit_anchor ORDER BY id DESC LIMIT 1",
    );
    const fromTxId = last?.to_tx_id ?? 0n;
    const [{ xmin }] = (await tx.$queryRawUnsafe<{ xmin: bigint }[]>(
      "SELECT (pg_snapshot_xmin(pg_current_snapshot()))::text::bigint AS xmin",
    )) as [{ xmin: bigint }];
    if (xmin <= fromTxId) return null;
    const heads = await tx.$queryRawUnsafe<{ chain_key: string; chain_seq: number; hash: string }[]>(
      `SELECT DISTINCT ON (chain_key) chain_key, chain_seq, hash
         FROM audit_event WHERE tx_id >= $1 AND tx_id < $2
         ORDER BY chain_key, chain_seq DESC`,
      fromTxId,
      xmin,
    );
    if (heads.length === 0) return null;
    const anchorHeads = sortHeads(
      heads.map((h) => ({ chainKey: h.chain_key, chainSeq: h.chain_seq, hash: h.hash })),
    );
    const createdAt = clock.now();
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = hashAnchor({ createdAt, fromTxId, toTxId: xmin, heads: anchorHeads }, prevHash);
    const anchor = await tx.auditAnchor.create({
      data: {
        createdAt,
        fromTxId,
        toTxId: xmin,
        heads: anchorHeads as unknown as Prisma.InputJsonValue,
        headCount: anchorHeads.length,
        prevHash,
        hash,
      },
      select: { id: true },
    });
    return { anchorId: anchor.id.toString(), headCount: anchorHeads.length };
  });
}

export interface VerificationResult {
  ok: boolean;
  eventsChecked: number;
  chainsChecked: number;
  anchorsChecked: number;
  breakCount: number;
  firstBreak: ChainBreak | null;
}

interface RawRow {
  id: bigint;
  chain_key: string;
  chain_seq: number;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: unknown;
  correlation_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

function toChainRow(row: RawRow): ChainRow {
  return {
    id: row.id,
    chainKey: row.chain_key,
    chainSeq: row.chain_seq,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: row.summary,
    correlationId: row.correlation_id,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Orders breaks so the earliest written row comes first (anchor breaks after row breaks). */
function earliest(a: ChainBreak | null, b: ChainBreak): ChainBreak {
  if (!a) return b;
  if (a.eventId === null) return b.eventId === null ? a : b;
  if (b.eventId === null) return a;
  return BigInt(b.eventId) < BigInt(a.eventId) ? b : a;
}

export async function verifyAuditTrail(
  db: Db,
  options: { batchSize?: number; chainKey?: string } = {},
): Promise<VerificationResult> {
  const batchSize = options.batchSize ?? 5_000;
  let firstBreak: ChainBreak | null = null;
  let breakCount = 0;
  let eventsChecked = 0;
  let chainsChecked = 0;
  const record = (found: ChainBreak[]) => {
    breakCount += found.length;
    for (const item of found) firstBreak = earliest(firstBreak, item);
  };

  let cursor: { key: string; seq: number } = { key: "", seq: 0 };
  let current: { key: string; last: { chainSeq: number; hash: string } | null } | null = null;
  const chainFilter = options.chainKey ? "AND chain_key = $4" : "";
  for (;;) {
    const params: unknown[] = [cursor.key, cursor.seq, batchSize];
    if (options.chainKey) params.push(options.chainKey);
    const rows = await db.$queryRawUnsafe<RawRow[]>(
      `SELECT id, chain_key, chain_seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id,
              summary, correlation_id, ip, prev_hash, hash
         FROM audit_event
        WHERE (chain_key, chain_seq) > ($1, $2) ${chainFilter}
        ORDER BY chain_key, chain_seq
        LIMIT $3`,
      ...params,
    );
    if (rows.length === 0) break;
    let start = 0;
    while (start < rows.length) {
      const key = rows[start]!.chain_key;
      let end = start;
      while (end < rows.length && rows[end]!.chain_key === key) end++;
      const chainRows = rows.slice(start, end).map(toChainRow);
      if (!current || current.key !== key) {
        current = { key, last: null };
        chainsChecked++;
      }
      record(verifyChainRows(chainRows, current.last));
      const tail = chainRows[chainRows.length - 1]!;
      current.last = { chainSeq: tail.chainSeq, hash: tail.hash };
      eventsChecked += chainRows.length;
      start = end;
    }
    const lastRow = rows[rows.length - 1]!;
    cursor = { key: lastRow.chain_key, seq: lastRow.chain_seq };
  }

  const anchorsChecked = await verifyAnchors(db, record, options.chainKey);
  return { ok: breakCount === 0, eventsChecked, chainsChecked, anchorsChecked, breakCount, firstBreak };
}

async function verifyAnchors(
  db: Db,
  record: (found: ChainBreak[]) => void,
  onlyChain?: string,
): Promise<number> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor = 0n;
  for (;;) {
    const anchors = await db.auditAnchor.findMany({
      where: { id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: 500,
    });
    if (anchors.length === 0) break;
    for (const anchor of anchors) {
      checked++;
      const heads = anchor.heads as unknown as AnchorHead[];
      const recomputed = hashAnchor(
        { createdAt: anchor.createdAt, fromTxId: anchor.fromTxId, toTxId: anchor.toTxId, heads },
        anchor.prevHash,
      );
      const anchorId = anchor.id.toString();
      if (anchor.prevHash !== prevHash || recomputed !== anchor.hash) {
        record([
          {
            reason: "anchor_mismatch",
            chainKey: "anchor",
            chainSeq: 0,
            eventId: null,
            anchorId,
            detail: "anchor chain broken",
          },
        ]);
      }
      prevHash = anchor.hash;
      const relevant = onlyChain ? heads.filter((head) => head.chainKey === onlyChain) : heads;
      if (relevant.length === 0) continue;
      const found = await db.$queryRawUnsafe<
        { chain_key: string; chain_seq: number; hash: string; id: bigint }[]
      >(
        `SELECT e.chain_key, e.chain_seq, e.hash, e.id
           FROM jsonb_to_recordset($1::jsonb) AS h("chainKey" text, "chainSeq" int)
           JOIN audit_event e ON e.chain_key = h."chainKey" AND e.chain_seq = h."chainSeq"`,
        JSON.stringify(relevant),
      );
      const byKey = new Map(found.map((row) => [`${row.chain_key}#${row.chain_seq}`, row]));
      for (const head of relevant) {
        const row = byKey.get(`${head.chainKey}#${head.chainSeq}`);
        if (!row) {
          record([
            {
              reason: "anchored_row_missing",
              chainKey: head.chainKey,
              chainSeq: head.chainSeq,
              eventId: null,
              anchorId,
              detail: "a row sealed by an anchor is gone",
            },
          ]);
        } else if (row.hash !== head.hash) {
          record([
            {
              reason: "anchor_mismatch",
              chainKey: head.chainKey,
              chainSeq: head.chainSeq,
              eventId: row.id.toString(),
              anchorId,
              detail: "row hash differs from the hash its anchor sealed",
            },
          ]);
        }
      }
    }
    cursor = anchors[anchors.length - 1]!.id;
  }
  return checked;
}
