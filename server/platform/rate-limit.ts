/**
 * Rate limits backed by Redis (rate-limiter-flexible), with an in-memory insurance limiter so limits
 * still hold, per process, while Redis is down.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "./errors";

export interface RateLimitRule {
  name: string;
  points: number;
  durationSeconds: number;
  /** Once exhausted, stay blocked this long (defaults to the window). */
  blockSeconds?: number;
}

export interface RateLimiter {
  /** Counts one hit; throws RATE_LIMITED when the budget is spent. */
  consume(key: string, message: string): Promise<void>;
  /** Throws RATE_LIMITED if already exhausted, without counting. */
  check(key: string, message: string): Promise<void>;
  reset(key: string): Promise<void>;
}

function tooMany(message: string, msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const when = retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `${minutes} minutes`;
  return new AppError("RATE_LIMITED", `${message} Try again in ${when}.`, { details: { retryAfterSeconds } });
}

export function createRateLimiter(redis: Redis, prefix: string, rule: RateLimitRule): RateLimiter {
  const common = {
    keyPrefix: `${prefix}:rl:${rule.name}`,
    points: rule.points,
    duration: rule.durationSeconds,
    blockDuration: rule.blockSeconds ?? rule.durationSeconds,
  };
  const limiter = new RateLimiterRedis({
    ...common,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(common),
  });
  return {
    async consume(key, message) {
      try {
        await limiter.consume(key, 1);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) throw tooMany(message, rejection.msBeforeNext);
        throw rejection;
      }
    },
    async check(key, message) {
      const state = await limiter.get(key).catch(() => null);
      if (state && state.consumedPoints >= rule.points && state.msBeforeNext > 0)
        throw tooMany(message, state.msBeforeNext);
    },
    async reset(key) {
      await limiter.delete(key).catch(() => undefined);
    },
  };
}
