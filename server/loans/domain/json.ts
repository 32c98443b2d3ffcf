/**
 * JSON with exact bigints: a bigint becomes {"$bigint":"123"} and comes back as 123n. Used for snapshots
 * (the KFS a borrower saw, event payloads) that must round-trip paise exactly through a JSON column.
 */
export type JsonWithBigint =
  | null
  | boolean
  | number
  | string
  | JsonWithBigint[]
  | { [key: string]: JsonWithBigint };

export function toJsonSafe(value: unknown): JsonWithBigint {
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === "object") {
    const out: Record<string, JsonWithBigint> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJsonSafe(item);
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("non-finite number in JSON");
  return value as JsonWithBigint;
}

export function fromJsonSafe<T = unknown>(value: unknown): T {
  if (Array.isArray(value)) return value.map(fromJsonSafe) as T;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "$bigint" && typeof record.$bigint === "string") {
      return BigInt(record.$bigint) as T;
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = fromJsonSafe(item);
    return out as T;
  }
  return value as T;
}
