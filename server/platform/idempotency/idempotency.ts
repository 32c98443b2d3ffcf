/**
 * Idempotency keys with Stripe's semantics, for every money-moving mutation:
 * - the first request with a key runs; its response is stored in the SAME transaction as its effect;
 * - the same key and the same request replays the stored response (no second effect);
 * - the same key with a different request is refused;
 * - a request whose key is still in flight waits briefly for the first to finish, then gets CONFLICT;
 * - if the first executor died (its lease expired without a commit), the next request takes over safely,
 *   because an effect only ever commits together with its COMPLETED record (fenced by the lease).
 * Keys expire (default 24 h) and are pruned by a maintenance job.
 */
import { createHash } from "node:crypto";
import superjson from "superjson";
import { actorScope } from "../actor";
import { canonicalJson } from "../audit/audit-hash";
import type { Db, Prisma } from "../db/client";
import { AppError } from "../errors";
import { type CommandContext, type RunCommandOptions, runCommand, type UnitOfWork } from "../unit-of-work";

export interface IdempotencyParams {
  key: string;
  /** The operation name (e.g. "lending.offer.accept"): the same key on another operation is refused. */
  operation: string;
  /** The request body as the client sent it; its hash must match on replay. */
  request: unknown;
  ttlMs?: number;
  leaseMs?: number;
  /** How long a concurrent duplicate waits for the first request before getting CONFLICT. */
  inFlightWaitMs?: number;
}

export interface IdempotentResult<T> {
  response: T;
  replayed: boolean;
}

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;
const DEFAULT_TTL_MS = 24 * 3600 * 1000;
const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_WAIT_MS = 10_000;

export function hashRequest(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(`${operation}\n${canonicalJson(request)}`)
    .digest("hex");
}

type Claim = { kind: "claimed"; id: string; lockedUntil: Date } | { kind: "replay"; response: unknown };

async function claim(
  db: Db,
  scope: string,
  params: Required<Omit<IdempotencyParams, "request">>,
  requestHash: string,
  now: () => Date,
): Promise<Claim> {
  const deadline = now().getTime() + params.inFlightWaitMs;
  let delayMs = 25;
  for (;;) {
    const at = now();
    const lockedUntil = new Date(at.getTime() + params.leaseMs);
    const inserted = await db.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO idempotency_key (id, scope, key, operation, request_hash, status, locked_until, created_at, expires_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'IN_FLIGHT', $5, $6, $7)
       ON CONFLICT (scope, key) DO NOTHING RETURNING id::text`,
      scope,
      params.key,
      params.operation,
      requestHash,
      lockedUntil,
      at,
      new Date(at.getTime() + params.ttlMs),
    );
    if (inserted[0]) return { kind: "claimed", id: inserted[0].id, lockedUntil };

    const existing = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key: params.key } } });
    if (!existing) continue; // pruned between the two statements: try again
    if (existing.operation !== params.operation || existing.requestHash !== requestHash) {
      throw new AppError(
        "UNPROCESSABLE",
        "This idempotency key was already used with a different request. Use a new key for a new request.",
        { details: { idempotencyKey: params.key } },
      );
    }
    if (existing.status === "COMPLETED") return { kind: "replay", response: existing.response };
    if (existing.lockedUntil && existing.lockedUntil.getTime() <= at.getTime()) {
      // The first executor's lease ran out without a commit: take over (compare-and-set on the lease).
      const taken = await db.idempotencyKey.updateMany({
        where: { id: existing.id, status: "IN_FLIGHT", lockedUntil: existing.lockedUntil },
        data: { lockedUntil },
      });
      if (taken.count === 1) return { kind: "claimed", id: existing.id, lockedUntil };
      continue;
    }
    if (at.getTime() >= deadline) {
      throw new AppError(
        "CONFLICT",
        "A request with this idempotency key is still being processed. Retry in a moment.",
        {
          details: { idempotencyKey: params.key },
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 250);
  }
}

/**
 * Runs `fn` as a command at most once per (actor scope, key). The stored response is superjson-encoded
 * so a replay returns exactly what the first call returned (dates, bigints included).
 */
export async function runIdempotentCommand<T>(
  deps: { db: Db },
  ctx: CommandContext,
  params: IdempotencyParams,
  fn: (uow: UnitOfWork) => Promise<T>,
  options: RunCommandOptions = {},
): Promise<IdempotentResult<T>> {
  if (!IDEMPOTENCY_KEY_PATTERN.test(params.key)) {
    throw new AppError("BAD_REQUEST", "Idempotency key must be 8-128 letters, digits or . _ : -");
  }
  const scope = actorScope(ctx.actor);
  const resolved = {
    key: params.key,
    operation: params.operation,
    ttlMs: params.ttlMs ?? DEFAULT_TTL_MS,
    leaseMs: params.leaseMs ?? DEFAULT_LEASE_MS,
    inFlightWaitMs: params.inFlightWaitMs ?? DEFAULT_WAIT_MS,
  };
  const requestHash = hashRequest(params.operation, params.request);
  // Leases and waits are about process liveness, so they use wall-clock time, not the business clock.
  const claimed = await claim(deps.db, scope, resolved, requestHash, () => new Date());
  if (claimed.kind === "replay") {
    return { response: superjson.deserialize(claimed.response as never) as T, replayed: true };
  }
  try {
    const response = await runCommand(
      deps,
      ctx,
      async (uow) => {
        const value = await fn(uow);
        const completed = await uow.tx.idempotencyKey.updateMany({
          where: { id: claimed.id, status: "IN_FLIGHT", lockedUntil: claimed.lockedUntil },
          data: {
            status: "COMPLETED",
            response: superjson.serialize(value) as unknown as Prisma.InputJsonValue,
            completedAt: uow.now,
          },
        });
        if (completed.count !== 1) {
          // Our lease expired and another request took the key over: our effect must not commit.
          throw new AppError("CONFLICT", "This request took too long and was superseded by a retry.");
        }
        return value;
      },
      { timeoutMs: resolved.leaseMs, ...options },
    );
    return { response, replayed: false };
  } catch (error) {
    // Nothing committed: release the key so the client may retry with it.
    await deps.db.idempotencyKey
      .deleteMany({ where: { id: claimed.id, status: "IN_FLIGHT", lockedUntil: claimed.lockedUntil } })
      .catch(() => undefined);
    throw error;
  }
}

/** Deletes keys past their expiry (completed ones, and in-flight ones abandoned long ago). */
export async function expireIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const result = await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } });
  return result.count;
}
