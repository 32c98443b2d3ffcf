/** Input schemas shared by forms (client) and procedures (server). */
import { z } from "zod";
import { ROLES } from "./permissions";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .email("Enter a valid email address");

export const passwordSignInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200, "Password is too long"),
});

/** Indian mobile numbers: 10 digits starting 6-9, optionally written with +91 / 0 and spaces. */
export function normaliseIndianMobile(input: string): string | null {
  const digits = input.replace(/[\s()-]/g, "");
  const match = /^(?:\+91|91|0)?([6-9]\d{9})$/.exec(digits);
  return match ? `+91${match[1]}` : null;
}

export const phoneSchema = z
  .string()
  .trim()
  .max(20, "Phone number is too long")
  .transform((value, ctx) => {
    const normalised = normaliseIndianMobile(value);
    if (!normalised) {
      ctx.addIssue({ code: "custom", message: "Enter a 10-digit Indian mobile number" });
      return z.NEVER;
    }
    return normalised;
  });

export const otpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "The code is 6 digits");

export const requestOtpSchema = z.object({ phone: phoneSchema });
export const verifyOtpSchema = z.object({ phone: phoneSchema, code: otpCodeSchema });

export const roleSchema = z.enum(ROLES);

export const passwordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(200, "Password is too long")
  .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), "Use letters and at least one digit");
