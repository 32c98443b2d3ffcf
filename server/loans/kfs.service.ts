/**
 * The Key Fact Statement for an offer, before acceptance (what the checkout shows when the shopper opens
 * an offer's KFS). Pure over the offer's terms: the same builder the booking re-runs to check the snapshot.
 */
import { z } from "zod";
import { AppError } from "../platform/errors";
import { LoanTermsSchema, lenderDisclosureSchema } from "./contracts";
import { buildKeyFactStatement, type KeyFactStatement, KfsError } from "./domain/kfs";

export const kfsPreviewInput = z.object({
  proposalNumber: z.string().regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/, "upper-case letters, digits and -"),
  lender: lenderDisclosureSchema,
  borrower: z.object({
    name: z.string().trim().min(1).max(120),
    phone: z.string().regex(/^\+[1-9]\d{7,14}$/),
  }),
  merchant: z
    .object({ name: z.string().trim().min(1).max(160), storeName: z.string().trim().min(1).max(160) })
    .nullable(),
  terms: LoanTermsSchema,
  coolingOffDays: z.number().int().min(1).max(30),
  issuedAt: z.coerce.date(),
  validUntil: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export type KfsPreviewInput = z.input<typeof kfsPreviewInput>;

export function previewKfs(input: z.output<typeof kfsPreviewInput>): KeyFactStatement {
  try {
    return buildKeyFactStatement(input);
  } catch (error) {
    if (error instanceof KfsError) throw new AppError("UNPROCESSABLE", error.message, { cause: error });
    throw error;
  }
}
