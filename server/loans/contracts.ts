/**
 * The loan book's published contracts: the terms of a loan (what the schedule engine, the KFS and the
 * ledger all read) and the accepted offer the checkout books into the loan book.
 *
 * Money is integer paise as bigint. Over JSON (a stored snapshot, an HTTP body) paise travel as digit
 * strings; the schemas accept either and always give bigint back.
 */
import { z } from "zod";
import { isIsoDate } from "./domain/dates";
import { ROUNDING_MODES } from "./domain/money";

/** Paise: a bigint, or a string of digits when it came through JSON. */
export const paiseSchema = z
  .union([z.bigint(), z.string().regex(/^-?\d{1,15}$/, "an amount in paise (digits)")])
  .transform((value) => BigInt(value));

export const positivePaiseSchema = paiseSchema.refine((value) => value > 0n, "must be more than zero");
export const nonNegativePaiseSchema = paiseSchema.refine((value) => value >= 0n, "must not be negative");

export const isoDateSchema = z.string().refine(isIsoDate, "a date as YYYY-MM-DD");

const codeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, "lower-case letters, digits, - and _ (2-40 characters)");

export const roundingModeSchema = z.enum(ROUNDING_MODES);

/** Who receives a charge: the lender, Flux (the lending service provider) or a named third party. */
export const chargeReceiverSchema = z.object({
  type: z.enum(["LENDER", "PLATFORM", "THIRD_PARTY"]),
  name: z.string().trim().min(2).max(120),
});

/**
 * A fee or third-party charge the borrower pays for this loan (processing fee, documentation, insurance
 * premium...). Amounts include GST; `taxPaise` says how much of it is tax (shown in the KFS).
 */
export const loanChargeSchema = z.object({
  code: codeSchema,
  name: z.string().trim().min(2).max(120),
  kind: z.enum(["FEE", "THIRD_PARTY"]),
  amountPaise: positivePaiseSchema,
  taxPaise: nonNegativePaiseSchema.default(0n),
  receiver: chargeReceiverSchema,
  /** UPFRONT: paid by the borrower at disbursal; WITH_FIRST_INSTALMENT: added to the first instalment. */
  collection: z.enum(["UPFRONT", "WITH_FIRST_INSTALMENT"]),
});

/**
 * A charge that only arises if something happens (late payment, bounce, foreclosure). The KFS lists each;
 * the ledger refuses any charge whose code is not listed in the loan's KFS. Penal charges are charges,
 * never interest: they are not capitalised and accrue no interest.
 */
export const contingentChargeSchema = z
  .object({
    code: codeSchema,
    name: z.string().trim().min(2).max(120),
    trigger: z.enum(["LATE_PAYMENT", "PAYMENT_BOUNCE", "FORECLOSURE", "OTHER"]),
    basis: z.enum(["FLAT", "BPS_OF_OVERDUE"]),
    amountPaise: nonNegativePaiseSchema.optional(),
    bps: z.number().int().min(0).max(10_000).optional(),
    /** Upper bound per occurrence (for BPS_OF_OVERDUE). */
    capPaise: nonNegativePaiseSchema.optional(),
    description: z.string().trim().min(2).max(400),
    receiver: chargeReceiverSchema,
  })
  .refine(
    (charge) => (charge.basis === "FLAT" ? charge.amountPaise !== undefined : charge.bps !== undefined),
    {
      message: "a FLAT charge needs amountPaise; a BPS_OF_OVERDUE charge needs bps",
    },
  );

export const roundingSchema = z.object({
  /** Instalments are rounded to a multiple of this (100 = whole rupees; 1 = paise). */
  instalmentMultiplePaise: positivePaiseSchema.default(100n),
  instalmentMode: roundingModeSchema.default("HALF_UP"),
  /** Each period's interest is rounded to paise with this mode. */
  interestMode: roundingModeSchema.default("HALF_EVEN"),
});

export const LoanTermsSchema = z
  .object({
    principalPaise: positivePaiseSchema.refine((value) => value <= 10_000_000_000n, "at most ₹10 crore"),
    /** Number of instalments after any down payment. */
    tenor: z.number().int().min(1).max(480),
    frequency: z.object({ unit: z.enum(["MONTH", "DAY"]), every: z.number().int().min(1).max(366) }),
    /** Nominal annual rate in basis points (1 bps = 0.01 %). */
    annualRateBps: z.number().int().min(0).max(10_000),
    interestMethod: z.enum(["REDUCING_BALANCE", "FLAT"]),
    /** PERIODIC: rate per repayment period; DAILY: rate × days / days-in-year for each period. */
    interestAccrual: z.enum(["PERIODIC", "DAILY"]).default("PERIODIC"),
    dayCount: z
      .object({ daysInYear: z.enum(["ACTUAL", "365", "360"]), daysInMonth: z.enum(["ACTUAL", "30"]) })
      .default({ daysInYear: "365", daysInMonth: "ACTUAL" }),
    disbursalDate: isoDateSchema,
    /** Defaults to one period after disbursal; another date makes the first period a broken period. */
    firstDueDate: isoDateSchema.optional(),
    /** A share of the principal due on the disbursal date as instalment 0 (basis points). */
    downPaymentBps: z.number().int().min(0).max(9_000).default(0),
    /** Periods at the start with no principal due (interest only). */
    principalGracePeriods: z.number().int().min(0).max(120).default(0),
    /** Periods at the start whose interest is deferred to the first period after them. */
    interestDeferralPeriods: z.number().int().min(0).max(120).default(0),
    rounding: roundingSchema.default({
      instalmentMultiplePaise: 100n,
      instalmentMode: "HALF_UP",
      interestMode: "HALF_EVEN",
    }),
    charges: z.array(loanChargeSchema).max(20).default([]),
    contingentCharges: z.array(contingentChargeSchema).max(20).default([]),
  })
  .superRefine((terms, issue) => {
    if (terms.firstDueDate && terms.firstDueDate <= terms.disbursalDate) {
      issue.addIssue({ code: "custom", path: ["firstDueDate"], message: "must be after the disbursal date" });
    }
    if (terms.principalGracePeriods >= terms.tenor) {
      issue.addIssue({
        code: "custom",
        path: ["principalGracePeriods"],
        message: "must leave at least one period that repays principal",
      });
    }
    if (terms.interestDeferralPeriods > terms.principalGracePeriods && terms.interestDeferralPeriods > 0) {
      issue.addIssue({
        code: "custom",
        path: ["interestDeferralPeriods"],
        message: "interest can only be deferred within the principal grace periods",
      });
    }
    if (
      terms.interestMethod === "FLAT" &&
      (terms.principalGracePeriods > 0 || terms.interestDeferralPeriods > 0)
    ) {
      issue.addIssue({
        code: "custom",
        path: ["interestMethod"],
        message: "flat-rate loans have no grace periods",
      });
    }
    const codes = [...terms.charges, ...terms.contingentCharges].map((charge) => charge.code);
    const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
    if (duplicate)
      issue.addIssue({ code: "custom", path: ["charges"], message: `charge code ${duplicate} twice` });
    for (const [index, charge] of terms.charges.entries()) {
      if (charge.taxPaise > charge.amountPaise) {
        issue.addIssue({
          code: "custom",
          path: ["charges", index, "taxPaise"],
          message: "tax exceeds the charge",
        });
      }
    }
    const upfront = terms.charges
      .filter((charge) => charge.collection === "UPFRONT")
      .reduce((sum, charge) => sum + charge.amountPaise, 0n);
    if (upfront >= terms.principalPaise) {
      issue.addIssue({
        code: "custom",
        path: ["charges"],
        message: "upfront charges must be less than the loan",
      });
    }
  });

/** Terms as callers write them (defaults optional, paise as bigint or digit strings). */
export type LoanTermsInput = z.input<typeof LoanTermsSchema>;
/** Terms after parsing: every default filled in, paise as bigint. */
export type LoanTerms = z.output<typeof LoanTermsSchema>;
export type LoanCharge = z.output<typeof loanChargeSchema>;
export type ContingentCharge = z.output<typeof contingentChargeSchema>;

export const grievanceOfficerSchema = z.object({
  name: z.string().trim().min(2).max(120),
  designation: z.string().trim().min(2).max(120).default("Grievance Redressal Officer"),
  email: z.string().email().max(200),
  phone: z.string().trim().min(8).max(20),
  address: z.string().trim().max(300).optional(),
});

/** The lender as the KFS names it. */
export const lenderDisclosureSchema = z.object({
  code: codeSchema,
  name: z.string().trim().min(2).max(160),
  /** e.g. "NBFC registered with the RBI, CoR N-14.03268". */
  regulatoryStatus: z.string().trim().min(2).max(200),
  grievanceOfficer: grievanceOfficerSchema,
});

export const AcceptedOfferSchema = z.object({
  applicationId: z.string().uuid(),
  offerId: z.string().min(1).max(64),
  lender: lenderDisclosureSchema.extend({
    /** The lender's own reference for this loan (its loan account number). */
    loanReference: z.string().trim().min(1).max(80),
  }),
  /** The unique proposal number printed on the KFS the borrower accepted. */
  proposalNumber: z.string().regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/, "upper-case letters, digits and -"),
  borrower: z.object({
    userId: z.string().uuid(),
    name: z.string().trim().min(1).max(120),
    phone: z.string().regex(/^\+[1-9]\d{7,14}$/, "E.164 phone number"),
    email: z.string().email().max(200).nullable().default(null),
  }),
  merchant: z.object({
    organisationId: z.string().uuid(),
    storeId: z.string().uuid(),
    /** What was bought (shown on the agreement and the no-dues certificate). */
    purchaseDescription: z.string().trim().min(1).max(200).default("Purchase at the store"),
  }),
  terms: LoanTermsSchema,
  kfs: z.object({
    /** The KFS template version the borrower saw. */
    version: z.string().min(1).max(40),
    /** The KFS exactly as shown (kfsToJson of buildKeyFactStatement's result). Booking re-derives and compares. */
    snapshot: z.record(z.string(), z.unknown()),
    issuedAt: z.coerce.date(),
    validUntil: isoDateSchema,
  }),
  coolingOffDays: z.number().int().min(1).max(30),
  acceptedAt: z.coerce.date(),
});

export type AcceptedOfferInput = z.input<typeof AcceptedOfferSchema>;
export type AcceptedOffer = z.output<typeof AcceptedOfferSchema>;
export type LenderDisclosure = z.output<typeof lenderDisclosureSchema>;
export type GrievanceOfficer = z.output<typeof grievanceOfficerSchema>;

/** Parses terms, throwing a ZodError with every problem (callers map it to a clear message). */
export function parseLoanTerms(input: LoanTermsInput): LoanTerms {
  return LoanTermsSchema.parse(input);
}
