/** Input schemas of the checkout, shared by the procedures and the forms (same messages on both sides). */
import { z } from "zod";

export const EMPLOYMENT_OPTIONS = [
  { value: "SALARIED", label: "Salaried" },
  { value: "SELF_EMPLOYED", label: "Self-employed / business" },
  { value: "STUDENT", label: "Student" },
  { value: "RETIRED", label: "Retired" },
  { value: "UNEMPLOYED", label: "Not working" },
] as const;

export const PAN_PATTERN = /^[A-Z]{5}[0-9]{4}[A-Z]$/;

function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

export const BUREAU_CONSENT_TEXT =
  "I agree that Flux and the lenders shown may obtain my credit report from a credit bureau to assess this " +
  "EMI application. I can withdraw this consent at any time.";

export const applicantSchema = z.object({
  pan: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      PAN_PATTERN,
      "Enter your PAN as printed on the card: 5 letters, 4 digits, 1 letter (e.g. ABCDE1234F)",
    ),
  dateOfBirth: z.string().trim().refine(isRealDate, "Enter your date of birth as a real date (YYYY-MM-DD)"),
  monthlyIncomeRupees: z
    .number({ error: "Enter your monthly income in rupees" })
    .int("Enter whole rupees")
    .min(0, "Income cannot be negative")
    .max(100_000_000, "Enter your monthly income, not yearly"),
  employmentType: z.enum(["SALARIED", "SELF_EMPLOYED", "STUDENT", "RETIRED", "UNEMPLOYED"], {
    error: "Choose your employment type",
  }),
  pincode: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{5}$/, "Enter the 6-digit pincode of your address"),
  bureauConsent: z.literal(true, { error: "Tick the box to let lenders check your credit record" }),
});
export type ApplicantInput = z.input<typeof applicantSchema>;

export const qrLinkSchema = z.object({
  storeCode: z.string().trim().min(2).max(40),
  amount: z.string().trim().max(20),
  item: z.string().trim().max(200),
  exp: z.string().trim().max(20),
  nonce: z.string().trim().max(40),
  sig: z.string().trim().max(64),
});
export type QrLinkInput = z.infer<typeof qrLinkSchema>;

export const startApplicationSchema = z.object({ link: qrLinkSchema, applicant: applicantSchema });

export const createQrSchema = z.object({
  storeId: z.string().uuid("Choose a store"),
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, "Enter the amount in rupees, e.g. 45000 or 45000.50"),
  item: z.string().trim().min(2, "Describe the item (at least 2 characters)").max(120),
});
