import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, AppError, isUniqueViolation, TRPC_CODE_FOR } from "./errors";

describe("AppError", () => {
  it("maps every code to an HTTP status and a tRPC code", () => {
    for (const code of Object.keys(APP_ERROR_CODES) as (keyof typeof APP_ERROR_CODES)[]) {
      const error = new AppError(code, "message for the user");
      expect(error.httpStatus).toBe(APP_ERROR_CODES[code]);
      expect(TRPC_CODE_FOR[code]).toBeTruthy();
    }
  });

  it("keeps the cause for logs and the message for users", () => {
    const cause = new Error("connection reset by peer");
    const error = new AppError("UNAVAILABLE", "Try again in a minute.", {
      cause,
      details: { retryAfterSeconds: 60 },
    });
    expect(error.message).toBe("Try again in a minute.");
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ retryAfterSeconds: 60 });
  });

  it("recognises unique violations from Prisma and from pg", () => {
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation(new Error("timeout"))).toBe(false);
  });
});
