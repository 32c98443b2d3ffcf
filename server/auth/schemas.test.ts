import { describe, expect, it } from "vitest";
import { normaliseIndianMobile, passwordSignInSchema, verifyOtpSchema } from "./schemas";

describe("normaliseIndianMobile", () => {
  it.each([
    ["9876543210", "+919876543210"],
    ["+91 98765 43210", "+919876543210"],
    ["09876543210", "+919876543210"],
    ["91-98765-43210", "+919876543210"],
    ["5876543210", null],
    ["987654321", null],
    ["+1 415 555 0100", null],
    ["98765432100", null],
    ["abcdefghij", null],
  ])("%s -> %s", (input, expected) => {
    expect(normaliseIndianMobile(input)).toBe(expected);
  });
});

describe("sign-in schemas", () => {
  it("lower-cases and trims email", () => {
    expect(passwordSignInSchema.parse({ email: "  Admin@Flux.Local ", password: "x" }).email).toBe(
      "admin@flux.local",
    );
  });

  it("says what is wrong with a malformed sign-in", () => {
    const result = passwordSignInSchema.safeParse({ email: "not-an-email", password: "" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining(["Enter a valid email address", "Enter your password"]));
  });

  it("refuses codes that are not six digits", () => {
    expect(verifyOtpSchema.safeParse({ phone: "9876543210", code: "12345" }).success).toBe(false);
    expect(verifyOtpSchema.safeParse({ phone: "9876543210", code: "12a456" }).success).toBe(false);
    expect(verifyOtpSchema.parse({ phone: "9876543210", code: " 123456 " }).code).toBe("123456");
  });
});
