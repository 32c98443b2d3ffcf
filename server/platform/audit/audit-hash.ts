/**
 * Pure hashing for the audit trail: canonical JSON and the SHA-256 chain.
 * The same functions hash a row when it is written and when the verifier re-reads it.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/**
 * Deterministic JSON: object keys sorted, no whitespace, undefined dropped,
 * bigint as a decimal string, Date as ISO-8601. Values must be finite.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonicalJson: non-finite number");
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

/** Normalises a value the way a JSONB round trip will (bigint/Date to strings, undefined dropped). */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(canonicalJson(value));
}

export interface AuditHashFields {
  chainKey: string;
  chainSeq: number;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  summary: unknown;
  correlationId: string | null;
  ip: string | null;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** SHA-256 over the row's canonical fields and the previous row's hash. */
export function hashAuditEvent(fields: AuditHashFields, prevHash: string): string {
  const canonical = canonicalJson({
    actorId: fields.actorId,
    actorRole: fields.actorRole,
    action: fields.action,
    chainKey: fields.chainKey,
    chainSeq: fields.chainSeq,
    correlationId: fields.correlationId,
    entityId: fields.entityId,
    entityType: fields.entityType,
    ip: fields.ip,
    occurredAt: fields.occurredAt.toISOString(),
    summary: fields.summary ?? {},
  });
  return sha256Hex(`${prevHash}\n${canonical}`);
}

export interface AnchorHead {
  chainKey: string;
  chainSeq: number;
  hash: string;
}

export interface AnchorHashFields {
  createdAt: Date;
  fromTxId: bigint;
  toTxId: bigint;
  heads: AnchorHead[];
}

export function sortHeads(heads: AnchorHead[]): AnchorHead[] {
  return [...heads].sort((a, b) => (a.chainKey < b.chainKey ? -1 : a.chainKey > b.chainKey ? 1 : 0));
}

export function hashAnchor(fields: AnchorHashFields, prevHash: string): string {
  const canonical = canonicalJson({
    createdAt: fields.createdAt.toISOString(),
    fromTxId: fields.fromTxId,
    heads: sortHeads(fields.heads),
    toTxId: fields.toTxId,
  });
  return sha256Hex(`${prevHash}\n${canonical}`);
}

export function chainKeyOf(entityType: string, entityId: string): string {
  return `${entityType}:${entityId}`;
}

export type ChainBreakReason =
  | "hash_mismatch"
  | "broken_link"
  | "sequence_gap"
  | "anchor_mismatch"
  | "anchored_row_missing";

export interface ChainBreak {
  reason: ChainBreakReason;
  chainKey: string;
  chainSeq: number;
  eventId: string | null;
  anchorId?: string;
  detail: string;
}

export interface ChainRow extends AuditHashFields {
  id: bigint;
  prevHash: string;
  hash: string;
}

/**
 * Walks rows of ONE chain in chain_seq order (possibly a later page: pass the last row seen)
 * and returns every break found.
 */
export function verifyChainRows(
  rows: ChainRow[],
  previous: { chainSeq: number; hash: string } | null,
): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  let expectedSeq = (previous?.chainSeq ?? 0) + 1;
  let expectedPrevHash = previous?.hash ?? GENESIS_HASH;
  for (const row of rows) {
    const at = { chainKey: row.chainKey, chainSeq: row.chainSeq, eventId: row.id.toString() };
    if (row.chainSeq !== expectedSeq) {
      breaks.push({
        ...at,
        reason: "sequence_gap",
        detail: `expected seq ${expectedSeq}, found ${row.chainSeq}`,
      });
    } else if (row.prevHash !== expectedPrevHash) {
      breaks.push({
        ...at,
        reason: "broken_link",
        detail: "prev_hash does not match the previous row's hash",
      });
    }
    const recomputed = hashAuditEvent(row, row.prevHash);
    if (recomputed !== row.hash) {
      breaks.push({ ...at, reason: "hash_mismatch", detail: "row content does not match its hash (edited)" });
    }
    expectedSeq = row.chainSeq + 1;
    expectedPrevHash = row.hash;
  }
  return breaks;
}
