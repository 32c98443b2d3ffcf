/**
 * The one module that reads process.env. Everything else receives configuration from here.
 * Validated with zod at first use so a missing or malformed variable fails fast with a clear message.
 */
import { z } from "zod";

const booleanFromString = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/flux"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key and BullMQ queue: lets several stacks share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default("flux"),
  APP_URL: z.string().url().default("http://127.0.0.1:3000"),
  AUTH_SECRET: z.string().min(32).optional(),
  SANDBOX_URL: z.string().url().default("http://127.0.0.1:4010"),
  SANDBOX_PORT: z.coerce.number().int().positive().default(4010),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How long an OTP stays valid, and how many wrong tries it tolerates. */
  OTP_TTL_SECONDS: z.coerce.number().int().min(30).max(1800).default(300),
  OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** Show the sandbox sinks in admin (messages "sent" to the sandbox). */
  SANDBOX_ENABLED: booleanFromString.default(true),
  /** Lets admins move the business clock (demo and test stacks only; never in real production). */
  ALLOW_TIME_TRAVEL: booleanFromString,
  CI: booleanFromString,
  // loans (issue 4): the payment gateway (the sandbox's Razorpay-style gateway by default)
  PAYMENT_GATEWAY_URL: z.string().url().optional(),
  PAYMENT_GATEWAY_KEY_ID: z.string().min(4).default("rzp_test_flux_sandbox"),
  PAYMENT_GATEWAY_KEY_SECRET: z.string().min(8).default("flux_sandbox_key_secret"),
  PAYMENT_WEBHOOK_SECRET: z.string().min(8).default("flux_sandbox_webhook_secret"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.AUTH_SECRET && !isBuildPhase(source)) {
    throw new Error("Invalid environment:\n  AUTH_SECRET: required in production (32+ random characters)");
  }
  return parsed.data;
}

function isBuildPhase(source: Record<string, string | undefined>): boolean {
  return source.NEXT_PHASE === "phase-production-build";
}

export function env(): Env {
  cached ??= readEnv();
  return cached;
}

/** The secret that signs session JWTs. A fixed development value outside production. */
export function authSecret(): string {
  return env().AUTH_SECRET ?? "flux-development-secret-not-for-production-use";
}
