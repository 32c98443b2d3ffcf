/**
 * The facts the lender-selection rules see, derived on the server from what the shopper entered and what
 * the bureau returned. Pure: the application instant and the inputs are parameters.
 *
 * Money reaches the rules as whole rupees (integers: income floored, ticket rounded up), because decision
 * tables compare against thresholds such as "income < 25000"; the paise amounts stay with the application.
 */
import { pincodeRisk } from "./pincode-risk";

export const EMPLOYMENT_TYPES = ["SALARIED", "SELF_EMPLOYED", "STUDENT", "RETIRED", "UNEMPLOYED"] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** CIBIL-style bands on the 300-900 scale; NO_HIT when the bureau has no file (new to credit). */
export const BUREAU_BANDS = ["NO_HIT", "POOR", "FAIR", "GOOD", "EXCELLENT"] as const;
export type BureauBand = (typeof BUREAU_BANDS)[number];

export const MERCHANT_CATEGORIES = [
  "ELECTRONICS",
  "MOBILES",
  "APPLIANCES",
  "FURNITURE",
  "FASHION",
  "JEWELLERY",
  "EDUCATION",
  "HEALTHCARE",
  "TRAVEL",
  "AUTOMOTIVE",
  "OTHER",
] as const;

export interface LenderSelectionInput {
  /** YYYY-MM-DD */
  dateOfBirth: string;
  applicationAt: Date;
  bureauScore: number | null;
  monthlyIncomePaise: bigint;
  employmentType: EmploymentType;
  pincode: string;
  ticketPaise: bigint;
  merchantCategory: string;
}

export interface LenderSelectionFacts {
  /** Completed years at the application date in India (IST). */
  ageYears: number;
  bureauScore: number | null;
  bureauBand: BureauBand;
  monthlyIncomeRupees: number;
  employmentType: EmploymentType;
  pincode: string;
  /** The state the pincode's sorting district belongs to; null when unknown. */
  pincodeState: string | null;
  /** 0 (lowest risk) .. 100 (highest), from configuration. */
  pincodeRiskWeight: number;
  ticketRupees: number;
  merchantCategory: string;
}

/** Every fact field a decision table may test, with an example value (used to check cells on save). */
export const FACT_FIELDS: Readonly<Record<keyof LenderSelectionFacts, string | number | null>> = {
  ageYears: 30,
  bureauScore: 720,
  bureauBand: "GOOD",
  monthlyIncomeRupees: 40000,
  employmentType: "SALARIED",
  pincode: "560034",
  pincodeState: "KARNATAKA",
  pincodeRiskWeight: 15,
  ticketRupees: 50000,
  merchantCategory: "ELECTRONICS",
};

export class FactsError extends Error {
  override readonly name = "FactsError";
  constructor(
    readonly field: keyof LenderSelectionInput,
    message: string,
  ) {
    super(message);
  }
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** The calendar date (year, month 1-12, day) of an instant in India. */
export function istDate(at: Date): { year: number; month: number; day: number } {
  const shifted = new Date(at.getTime() + IST_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function parseDateOfBirth(value: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new FactsError("dateOfBirth", "Date of birth must be a date like 1994-07-15.");
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new FactsError("dateOfBirth", "Date of birth is not a real calendar date.");
  return { year, month, day };
}

/**
 * Completed years on the application date in IST. Someone born on 29 February turns a year older on
 * 1 March in common years (the day after 28 February), as Indian practice counts it.
 */
export function ageAt(dateOfBirth: string, applicationAt: Date): number {
  const born = parseDateOfBirth(dateOfBirth);
  const today = istDate(applicationAt);
  let age = today.year - born.year;
  if (today.month < born.month || (today.month === born.month && today.day < born.day)) age -= 1;
  if (age < 0) throw new FactsError("dateOfBirth", "Date of birth is after the application date.");
  if (age > 120) throw new FactsError("dateOfBirth", "Date of birth is more than 120 years ago.");
  return age;
}

export function bureauBand(score: number | null): BureauBand {
  // Bureaus report -1/0 (or nothing) for a consumer without a credit file.
  if (score === null || score < 300) return "NO_HIT";
  if (score < 650) return "POOR";
  if (score < 700) return "FAIR";
  if (score < 750) return "GOOD";
  return "EXCELLENT";
}

function wholeRupees(paise: bigint, field: keyof LenderSelectionInput, roundUp: boolean): number {
  if (paise < 0n) throw new FactsError(field, "Amounts cannot be negative.");
  const rupees = paise / 100n + (roundUp && paise % 100n !== 0n ? 1n : 0n);
  if (rupees > BigInt(Number.MAX_SAFE_INTEGER)) throw new FactsError(field, "Amount is too large.");
  return Number(rupees);
}

export function deriveFacts(input: LenderSelectionInput): LenderSelectionFacts {
  if (!(input.applicationAt instanceof Date) || Number.isNaN(input.applicationAt.getTime()))
    throw new FactsError("applicationAt", "Application time is missing.");
  if (!/^[1-9]\d{5}$/.test(input.pincode))
    throw new FactsError("pincode", "Pincode must be 6 digits and cannot start with 0.");
  if (!(EMPLOYMENT_TYPES as readonly string[]).includes(input.employmentType))
    throw new FactsError("employmentType", "Employment type is not one we know.");
  if (input.bureauScore !== null && (!Number.isInteger(input.bureauScore) || input.bureauScore > 900))
    throw new FactsError("bureauScore", "Bureau score must be a whole number up to 900.");
  const category = input.merchantCategory.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{1,39}$/.test(category))
    throw new FactsError("merchantCategory", "Merchant category must be a short code such as ELECTRONICS.");
  if (input.ticketPaise <= 0n) throw new FactsError("ticketPaise", "Ticket amount must be positive.");
  const risk = pincodeRisk(input.pincode);
  return {
    ageYears: ageAt(input.dateOfBirth, input.applicationAt),
    bureauScore: input.bureauScore,
    bureauBand: bureauBand(input.bureauScore),
    monthlyIncomeRupees: wholeRupees(input.monthlyIncomePaise, "monthlyIncomePaise", false),
    employmentType: input.employmentType,
    pincode: input.pincode,
    pincodeState: risk.state,
    pincodeRiskWeight: risk.weight,
    ticketRupees: wholeRupees(input.ticketPaise, "ticketPaise", true),
    merchantCategory: category,
  };
}
