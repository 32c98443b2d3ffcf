/**
 * The process's dependencies, built once from env. Services receive what they need from here
 * (procedures pass ctx.deps; workers pass their own); tests build their own AppDeps.
 */
import type { Redis } from "ioredis";
import { type BusinessClock, createBusinessClock } from "./business-clock";
import { type Db, db } from "./db/client";
import { authSecret, env } from "./env";
import { type QueueRegistry, queues } from "./queues/queues";
import { redis } from "./redis";

export interface AppDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  clock: BusinessClock;
  queues: QueueRegistry;
  secret: string;
  sandboxUrl: string;
  otpTtlSeconds: number;
  otpMaxAttempts: number;
  allowTimeTravel: boolean;
}

const globalForDeps = globalThis as unknown as { fluxDeps?: AppDeps };

export function appDeps(): AppDeps {
  if (!globalForDeps.fluxDeps) {
    const config = env();
    globalForDeps.fluxDeps = {
      db: db(),
      redis: redis(),
      redisPrefix: config.REDIS_PREFIX,
      clock: createBusinessClock(db()),
      get queues() {
        return queues();
      },
      secret: authSecret(),
      sandboxUrl: config.SANDBOX_URL,
      otpTtlSeconds: config.OTP_TTL_SECONDS,
      otpMaxAttempts: config.OTP_MAX_ATTEMPTS,
      allowTimeTravel: config.ALLOW_TIME_TRAVEL,
    };
  }
  return globalForDeps.fluxDeps;
}
