/** The try-it evaluator's input, shared by the tRPC procedure and the benchmark's bare server. */
import { z } from "zod";
import { EMPLOYMENT_TYPES } from "./domain/facts";

export const evaluateInput = z.object({
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Date of birth must look like 1994-07-15."),
  bureauScore: z.number().int().min(-1).max(900).nullable(),
  monthlyIncomeRupees: z.number().int().min(0).max(100_000_000),
  employmentType: z.enum(EMPLOYMENT_TYPES),
  pincode: z.string().regex(/^[1-9]\d{5}$/, "Pincode must be 6 digits."),
  ticketRupees: z.number().int().min(1).max(100_000_000),
  merchantCategory: z.string().trim().min(2).max(40),
  /** Evaluate this version (e.g. a draft) instead of the published one. */
  versionId: z.uuid({ message: "Not a valid version id." }).optional(),
  trace: z.boolean().default(true),
});
export type EvaluateInput = z.infer<typeof evaluateInput>;
