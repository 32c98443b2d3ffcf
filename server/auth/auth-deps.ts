/** What the auth services need, passed in (tests build their own). */
import type { Redis } from "ioredis";
import type { Clock } from "../platform/clock";
import type { Db } from "../platform/db/client";
import { createRateLimiter, type RateLimiter } from "../platform/rate-limit";

export interface AuthDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  clock: Clock;
  /** Keys the HMAC of one-time codes. */
  secret: string;
  otpTtlSeconds: number;
  otpMaxAttempts: number;
}

export interface AuthLimiters {
  passwordPerAccount: RateLimiter;
  passwordPerIp: RateLimiter;
  otpRequestPerPhone: RateLimiter;
  otpRequestPerIp: RateLimiter;
  otpVerifyPerIp: RateLimiter;
}

const cache = new WeakMap<Redis, Map<string, AuthLimiters>>();

export function authLimiters(deps: Pick<AuthDeps, "redis" | "redisPrefix">): AuthLimiters {
  let byPrefix = cache.get(deps.redis);
  if (!byPrefix) {
    byPrefix = new Map();
    cache.set(deps.redis, byPrefix);
  }
  let limiters = byPrefix.get(deps.redisPrefix);
  if (!limiters) {
    const make = (name: string, points: number, durationSeconds: number) =>
      createRateLimiter(deps.redis, deps.redisPrefix, { name, points, durationSeconds });
    limiters = {
      passwordPerAccount: make("login-account", 5, 15 * 60),
      passwordPerIp: make("login-ip", 100, 60 * 60),
      otpRequestPerPhone: make("otp-request-phone", 3, 10 * 60),
      otpRequestPerIp: make("otp-request-ip", 20, 60 * 60),
      otpVerifyPerIp: make("otp-verify-ip", 30, 15 * 60),
    };
    byPrefix.set(deps.redisPrefix, limiters);
  }
  return limiters;
}
