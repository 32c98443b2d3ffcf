import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("env", () => {
  it("fills development defaults", () => {
    const env = readEnv({ NODE_ENV: "development" });
    expect(env.REDIS_PREFIX).toBe("flux");
    expect(env.OTP_TTL_SECONDS).toBe(300);
    expect(env.ALLOW_TIME_TRAVEL).toBe(false);
  });

  it("names every invalid variable", () => {
    expect(() => readEnv({ DATABASE_URL: "not a url", OTP_MAX_ATTEMPTS: "99" })).toThrow(
      /DATABASE_URL[\s\S]*OTP_MAX_ATTEMPTS/,
    );
  });

  it("requires a real secret in production", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
    expect(readEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40) }).AUTH_SECRET).toHaveLength(40);
  });
});
