/** ioredis instance module. Key names always go through `redisKey` so stacks can share a server. */
import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env";

export type RedisRole =
  /** cache, rate limits, pub/sub publish: fail fast when Redis is down, never hang a request */
  | "general"
  /** BullMQ producers (Queue): fail fast so the outbox keeps the work */
  | "producer"
  /** BullMQ Worker / blocking connections: retry forever (BullMQ requires maxRetriesPerRequest null) */
  | "worker"
  /** pub/sub subscriber */
  | "subscriber";

export function createRedis(role: RedisRole, url = env().REDIS_URL, extra: RedisOptions = {}): Redis {
  const base: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  const byRole: Record<RedisRole, RedisOptions> = {
    general: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2_000 },
    producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5_000 },
    worker: { maxRetriesPerRequest: null, enableReadyCheck: false },
    subscriber: { maxRetriesPerRequest: null },
  };
  const client = new Redis(url, { ...base, ...byRole[role], ...extra });
  // Connection errors surface through commands and health checks; don't crash on the event.
  client.on("error", () => undefined);
  return client;
}

export function redisKey(...parts: string[]): string {
  return [env().REDIS_PREFIX, ...parts].join(":");
}

const globalForRedis = globalThis as unknown as { fluxRedis?: Redis };

/** The process-wide general-purpose client. */
export function redis(): Redis {
  globalForRedis.fluxRedis ??= createRedis("general");
  return globalForRedis.fluxRedis;
}
