/**
 * Per-lender circuit breakers whose state lives in Redis, so every web and worker process sees the same
 * breaker. Failures (refused, 5xx) and slow calls open it when they pass a ratio over a sliding window;
 * timeouts and lost replies are UNKNOWN and count as neither. An open breaker refuses calls until its
 * cool-down ends; then exactly one caller gets the half-open probe (SET NX): success closes the breaker,
 * failure re-opens it.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { ConnectorDescriptor } from "../connectors/descriptor";

export type BreakerConfig = ConnectorDescriptor["breaker"];
export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";
export type CallKind = "ok" | "fail" | "slow" | "unknown";

export interface BreakerDeps {
  redis: Redis;
  redisPrefix: string;
}

const stateKey = (deps: BreakerDeps, code: string) => `${deps.redisPrefix}:lending:breaker:${code}`;
const windowKey = (deps: BreakerDeps, code: string) => `${deps.redisPrefix}:lending:breaker:${code}:window`;
const probeKey = (deps: BreakerDeps, code: string) => `${deps.redisPrefix}:lending:breaker:${code}:probe`;

export interface Permit {
  allowed: boolean;
  probe: boolean;
  state: BreakerState;
}

export async function allowCall(
  deps: BreakerDeps,
  code: string,
  config: BreakerConfig,
  probeTtlMs: number,
): Promise<Permit> {
  const [state, openUntil] = await deps.redis.hmget(stateKey(deps, code), "state", "openUntil");
  if (!state || state === "CLOSED") return { allowed: true, probe: false, state: "CLOSED" };
  if (state === "OPEN" && Number(openUntil ?? 0) > Date.now())
    return { allowed: false, probe: false, state: "OPEN" };
  // Cool-down over (or half-open with no probe running): one caller becomes the probe.
  const won = await deps.redis.set(probeKey(deps, code), "1", "PX", Math.max(probeTtlMs, 1_000), "NX");
  if (!won) return { allowed: false, probe: false, state: "HALF_OPEN" };
  await deps.redis.hset(stateKey(deps, code), "state", "HALF_OPEN");
  void config;
  return { allowed: true, probe: true, state: "HALF_OPEN" };
}

async function open(deps: BreakerDeps, code: string, config: BreakerConfig, reason: string) {
  await deps.redis
    .multi()
    .hset(stateKey(deps, code), {
      state: "OPEN",
      openUntil: String(Date.now() + config.openSeconds * 1000),
      openedAt: String(Date.now()),
      reason,
    })
    .del(windowKey(deps, code))
    .del(probeKey(deps, code))
    .exec();
}

export async function recordCall(
  deps: BreakerDeps,
  code: string,
  config: BreakerConfig,
  kind: CallKind,
  probe: boolean,
): Promise<void> {
  if (probe) {
    if (kind === "ok") {
      await deps.redis
        .multi()
        .hset(stateKey(deps, code), { state: "CLOSED", openUntil: "0", reason: "" })
        .del(windowKey(deps, code))
        .del(probeKey(deps, code))
        .exec();
    } else if (kind === "unknown") {
      await deps.redis.del(probeKey(deps, code)); // inconclusive: the next caller probes again
    } else {
      await open(deps, code, config, `half-open probe ${kind === "slow" ? "was slow" : "failed"}`);
    }
    return;
  }
  const now = Date.now();
  const key = windowKey(deps, code);
  const member = `${now}:${kind}:${randomBytes(4).toString("hex")}`;
  const results = await deps.redis
    .multi()
    .zadd(key, String(now), member)
    .zremrangebyscore(key, 0, now - config.windowSeconds * 1000)
    .zrange(key, "0", "-1")
    .pexpire(key, config.windowSeconds * 1000 + 1_000)
    .exec();
  const members = (results?.[2]?.[1] as string[] | undefined) ?? [];
  let total = 0;
  let failures = 0;
  let slow = 0;
  for (const entry of members) {
    const entryKind = entry.split(":")[1];
    if (entryKind === "unknown") continue;
    total += 1;
    if (entryKind === "fail") failures += 1;
    if (entryKind === "slow") slow += 1;
  }
  if (total < config.minimumCalls) return;
  const [state] = await deps.redis.hmget(stateKey(deps, code), "state");
  if (state === "OPEN") return;
  if (failures / total >= config.failureRatio)
    await open(deps, code, config, `${failures} of the last ${total} calls failed`);
  else if (slow / total >= config.slowCallRatio)
    await open(
      deps,
      code,
      config,
      `${slow} of the last ${total} calls were slower than ${config.slowCallMs} ms`,
    );
}

export interface BreakerView {
  code: string;
  state: BreakerState;
  openUntil: string | null;
  reason: string | null;
  recentCalls: number;
}

export async function breakerStates(deps: BreakerDeps, codes: string[]): Promise<BreakerView[]> {
  return Promise.all(
    codes.map(async (code) => {
      const [state, openUntil, reason] = await deps.redis.hmget(
        stateKey(deps, code),
        "state",
        "openUntil",
        "reason",
      );
      const recentCalls = await deps.redis.zcard(windowKey(deps, code));
      const until = Number(openUntil ?? 0);
      const effective: BreakerState =
        state === "OPEN" && until <= Date.now() ? "HALF_OPEN" : ((state as BreakerState | null) ?? "CLOSED");
      return {
        code,
        state: effective,
        openUntil: state === "OPEN" && until > 0 ? new Date(until).toISOString() : null,
        reason: state && state !== "CLOSED" ? reason || null : null,
        recentCalls,
      };
    }),
  );
}

/** Admin: forces a breaker closed (audited by the caller). */
export async function resetBreaker(deps: BreakerDeps, code: string): Promise<void> {
  await deps.redis.del(stateKey(deps, code), windowKey(deps, code), probeKey(deps, code));
}

export function classifyForBreaker(outcome: string, latencyMs: number, config: BreakerConfig): CallKind {
  if (outcome === "UNKNOWN") return "unknown";
  if (outcome === "RETRYABLE") return "fail";
  return latencyMs > config.slowCallMs ? "slow" : "ok";
}
