/**
 * The Key Fact Statement's content model (RBI "Key Facts Statement for Loans & Advances", 15 Apr 2024,
 * Annex A parts 1 and 2, Annex B's APR computation and Annex C's repayment schedule; Digital Lending
 * Directions 2025 for the cooling-off period, the LSP and the grievance officers).
 *
 * Pure: everything comes from the terms (through quoteLoan) and the parties passed in. The same model
 * renders the offer's KFS page, the agreement PDF's KFS pages, and is snapshotted with the loan, so what
 * the borrower accepted is exactly what the ledger enforces (a charge not listed here cannot be levied).
 */
import type {
  ContingentCharge,
  GrievanceOfficer,
  LenderDisclosure,
  LoanTerms,
  LoanTermsInput,
} from "../contracts";
import { addWorkingDays, daysBetween, formatIsoDate, type IsoDate, istDateOf } from "./dates";
import { fromJsonSafe, type JsonWithBigint, toJsonSafe } from "./json";
import { formatPercentFromBps, formatRupees } from "./money";
import { type LoanQuote, quoteLoan } from "./quote";
import type { ScheduleRow } from "./schedule";

export const KFS_TEMPLATE_VERSION = "rbi-kfs-2024-04/flux-1";

export interface LspDisclosure {
  name: string;
  role: string;
  website: string;
  grievanceOfficer: GrievanceOfficer;
}

/** Flux as the lending service provider (LSP) named in every KFS. */
export const FLUX_LSP: LspDisclosure = {
  name: "Flux Fintech Private Limited",
  role: "Lending service provider (digital lending platform) acting for the lender",
  website: "https://flux.local",
  grievanceOfficer: {
    name: "Ananya Rao",
    designation: "Grievance Redressal Officer",
    email: "grievance@flux.local",
    phone: "+91 80 4000 1234",
    address: "Flux Fintech Private Limited, 2nd Floor, 80 Feet Road, Koramangala, Bengaluru 560034",
  },
};

export interface KfsCharge {
  code: string;
  name: string;
  kind: "FEE" | "THIRD_PARTY";
  payableTo: string;
  receiverType: "LENDER" | "PLATFORM" | "THIRD_PARTY";
  collection: "UPFRONT" | "WITH_FIRST_INSTALMENT";
  collectionLabel: string;
  amountPaise: bigint;
  taxPaise: bigint;
}

export interface KfsContingentCharge extends ContingentCharge {
  /** "₹500 per missed instalment", "2.00 % of the overdue instalment (at most ₹750)". */
  amountLabel: string;
}

export interface KeyFactStatement {
  templateVersion: string;
  proposalNumber: string;
  issuedAt: string;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  validityWorkingDays: number;
  lender: LenderDisclosure;
  lsp: LspDisclosure;
  borrower: { name: string; phone: string };
  merchant: { name: string; storeName: string } | null;
  loanType: string;
  sanctionedAmountPaise: bigint;
  downPaymentPaise: bigint;
  disbursal: { date: IsoDate; amountPaise: bigint; recipient: string; description: string };
  term: {
    instalmentCount: number;
    frequencyLabel: string;
    tenorLabel: string;
    firstDueDate: IsoDate;
    maturityDate: IsoDate;
    daysToFirstInstalment: number;
  };
  instalment: { typeLabel: string; amountPaise: bigint; count: number };
  interest: {
    annualRateBps: number;
    rateType: "Fixed";
    methodLabel: string;
    dayCountLabel: string;
    brokenPeriodInterestPaise: bigint;
  };
  charges: KfsCharge[];
  contingentCharges: KfsContingentCharge[];
  totals: {
    interestPaise: bigint;
    feesPaise: bigint;
    thirdPartyChargesPaise: bigint;
    chargesPaise: bigint;
    netDisbursedPaise: bigint;
    totalPayablePaise: bigint;
  };
  apr: { bps: number; percent: string; method: string };
  coolingOff: { days: number; text: string };
  recoveryAgents: string;
  grievanceRedressal: string;
  transferOrSecuritisation: string;
  coLending: string;
  schedule: ScheduleRow[];
  disclosures: string[];
  terms: LoanTerms;
}

export interface KfsInput {
  proposalNumber: string;
  issuedAt: Date;
  /** Defaults to the minimum RBI validity: 3 working days (1 for loans shorter than 7 days). */
  validUntil?: IsoDate;
  lender: LenderDisclosure;
  lsp?: LspDisclosure;
  borrower: { name: string; phone: string };
  merchant?: { name: string; storeName: string } | null;
  terms: LoanTerms | LoanTermsInput;
  coolingOffDays: number;
  holidays?: ReadonlySet<IsoDate>;
  /** A quote already computed for these terms (saves recomputing); must be of the same terms. */
  quote?: LoanQuote;
}

export class KfsError extends Error {
  override readonly name = "KfsError";
}

export function minimumValidityWorkingDays(quote: Pick<LoanQuote, "maturityDate" | "terms">): number {
  return daysBetween(quote.terms.disbursalDate, quote.maturityDate) < 7 ? 1 : 3;
}

function frequencyLabel(terms: LoanTerms): string {
  const { unit, every } = terms.frequency;
  if (unit === "MONTH") return every === 1 ? "Monthly" : `Every ${every} months`;
  return every === 1 ? "Daily" : every === 7 ? "Weekly" : `Every ${every} days`;
}

function tenorLabel(terms: LoanTerms, instalments: number): string {
  const { unit, every } = terms.frequency;
  const span = instalments * every;
  if (unit === "MONTH") return span === 1 ? "1 month" : `${span} months`;
  return `${span} days`;
}

function instalmentTypeLabel(terms: LoanTerms): string {
  const monthly = terms.frequency.unit === "MONTH" && terms.frequency.every === 1;
  if (terms.interestMethod === "FLAT")
    return monthly ? "Equated monthly instalments (flat rate)" : "Equated periodic instalments (flat rate)";
  return monthly ? "Equated monthly instalments (EMI)" : "Equated periodic instalments (EPI)";
}

function dayCountLabel(terms: LoanTerms): string {
  const year =
    terms.dayCount.daysInYear === "ACTUAL"
      ? "actual days in the year"
      : `${terms.dayCount.daysInYear}-day year`;
  const month = terms.dayCount.daysInMonth === "30" ? "30-day months" : "actual days in the month";
  const accrual =
    terms.interestAccrual === "DAILY" ? "interest for each day outstanding" : "interest per repayment period";
  return `${accrual}; ${month}, ${year}`;
}

function contingentAmountLabel(charge: ContingentCharge): string {
  if (charge.basis === "FLAT") {
    const per =
      charge.trigger === "LATE_PAYMENT"
        ? " per missed instalment"
        : charge.trigger === "PAYMENT_BOUNCE"
          ? " per bounced payment"
          : "";
    return `${formatRupees(charge.amountPaise ?? 0n)}${per}`;
  }
  const cap = charge.capPaise !== undefined ? ` (at most ${formatRupees(charge.capPaise)})` : "";
  const base =
    charge.trigger === "FORECLOSURE" ? "of the principal outstanding" : "of the overdue instalment";
  return `${formatPercentFromBps(charge.bps ?? 0)} % ${base}${cap}`;
}

export function buildKeyFactStatement(input: KfsInput): KeyFactStatement {
  const quote = input.quote ?? quoteLoan(input.terms);
  const terms = quote.terms;
  const issuedOn = istDateOf(input.issuedAt);
  const validityWorkingDays = minimumValidityWorkingDays(quote);
  const earliestValidUntil = addWorkingDays(issuedOn, validityWorkingDays, input.holidays);
  const validUntil = input.validUntil ?? earliestValidUntil;
  if (validUntil < earliestValidUntil) {
    throw new KfsError(
      `A KFS must stay valid for at least ${validityWorkingDays} working day(s): until ${earliestValidUntil} or later.`,
    );
  }
  if (input.coolingOffDays < 1) throw new KfsError("The cooling-off period must be at least one day.");
  const instalmentRows = quote.schedule.rows.filter((row) => row.kind === "INSTALMENT");
  const merchant = input.merchant ?? null;
  const lsp = input.lsp ?? FLUX_LSP;
  const charges: KfsCharge[] = terms.charges.map((charge) => ({
    code: charge.code,
    name: charge.name,
    kind: charge.kind,
    payableTo: charge.receiver.name,
    receiverType: charge.receiver.type,
    collection: charge.collection,
    collectionLabel:
      charge.collection === "UPFRONT" ? "One-time, at disbursal" : "One-time, with the first instalment",
    amountPaise: charge.amountPaise,
    taxPaise: charge.taxPaise,
  }));
  const aprPercent = formatPercentFromBps(quote.aprBps);
  return {
    templateVersion: KFS_TEMPLATE_VERSION,
    proposalNumber: input.proposalNumber,
    issuedAt: input.issuedAt.toISOString(),
    issuedOn,
    validUntil,
    validityWorkingDays,
    lender: input.lender,
    lsp,
    borrower: input.borrower,
    merchant,
    loanType: "Consumer loan for a purchase at a store (point-of-sale EMI), unsecured",
    sanctionedAmountPaise: terms.principalPaise,
    downPaymentPaise: quote.downPaymentPaise,
    disbursal: {
      date: terms.disbursalDate,
      amountPaise: terms.principalPaise,
      recipient: merchant ? `${merchant.name} (${merchant.storeName})` : "The merchant",
      description:
        "100 % upfront on the disbursal date, paid by the lender directly to the merchant's account for this purchase (end-use disbursal); no amount passes through Flux.",
    },
    term: {
      instalmentCount: instalmentRows.length,
      frequencyLabel: frequencyLabel(terms),
      tenorLabel: tenorLabel(terms, instalmentRows.length),
      firstDueDate: quote.firstDueDate,
      maturityDate: quote.maturityDate,
      daysToFirstInstalment: daysBetween(terms.disbursalDate, quote.firstDueDate),
    },
    instalment: {
      typeLabel: instalmentTypeLabel(terms),
      amountPaise: quote.emiPaise,
      count: instalmentRows.length,
    },
    interest: {
      annualRateBps: terms.annualRateBps,
      rateType: "Fixed",
      methodLabel:
        terms.interestMethod === "FLAT" ? "Flat rate on the original principal" : "Reducing balance",
      dayCountLabel: dayCountLabel(terms),
      brokenPeriodInterestPaise: quote.schedule.brokenPeriodInterestPaise,
    },
    charges,
    contingentCharges: terms.contingentCharges.map((charge) => ({
      ...charge,
      amountLabel: contingentAmountLabel(charge),
    })),
    totals: {
      interestPaise: quote.totalInterestPaise,
      feesPaise: quote.totalFeesPaise,
      thirdPartyChargesPaise: quote.totalThirdPartyChargesPaise,
      chargesPaise: quote.totalChargesPaise,
      netDisbursedPaise: quote.netDisbursedPaise,
      totalPayablePaise: quote.totalPayablePaise,
    },
    apr: {
      bps: quote.aprBps,
      percent: aprPercent,
      method:
        "Internal rate of return of all cash flows (loan amount less upfront charges; instalments, fees and third-party charges), annualised (rate per period × periods per year).",
    },
    coolingOff: {
      days: input.coolingOffDays,
      text: `You may exit this loan within ${input.coolingOffDays} day(s) of disbursal by repaying the principal and the APR for the days you held the loan (${aprPercent} % a year, pro rata). No penalty or foreclosure charge applies.`,
    },
    recoveryAgents:
      "Recovery is done by the lender's own staff or its empanelled recovery agents, who will identify themselves, call only between 8 am and 7 pm and follow the RBI's fair practices code. Flux does not act as a recovery agent.",
    grievanceRedressal: `Raise a complaint with Flux's or the lender's grievance officer (below). If it is not resolved within 30 days, or you are not satisfied, you may complain to the RBI Ombudsman at https://cms.rbi.org.in.`,
    transferOrSecuritisation:
      "Yes: the lender may transfer or securitise this loan; your terms, this KFS and the grievance contacts stay the same.",
    coLending: "Not applicable: one lender funds this loan.",
    schedule: quote.schedule.rows,
    disclosures: [
      "No fee, charge or interest that is not stated in this Key Fact Statement will be charged during the life of the loan.",
      "Penal charges are charges, not interest: they are not added to the principal and no interest is charged on them.",
      "Interest is charged only for the period the loan is outstanding; you may prepay or foreclose at any time.",
      "Your loan documents and this KFS are sent to your verified mobile number and email, and stay available in the Flux app.",
      `This proposal (${input.proposalNumber}) is valid until ${formatIsoDate(validUntil)}.`,
    ],
    terms,
  };
}

export function kfsToJson(kfs: KeyFactStatement): Record<string, JsonWithBigint> {
  return toJsonSafe(kfs) as Record<string, JsonWithBigint>;
}

export function kfsFromJson(json: unknown): KeyFactStatement {
  return fromJsonSafe<KeyFactStatement>(json);
}

/**
 * Checks that a KFS snapshot is the KFS these terms produce (figures, schedule, charges, APR): a booking
 * refuses a snapshot that was edited or computed from other terms.
 */
/**
 * JSON with object keys sorted: a snapshot that went through PostgreSQL jsonb (the outbox payload, a
 * stored offer) comes back with its keys reordered, which must not count as a difference.
 */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => sortedJson(item ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${sortedJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function kfsDiscrepancies(kfs: KeyFactStatement, expected: KeyFactStatement): string[] {
  const problems: string[] = [];
  const same = (label: string, a: unknown, b: unknown) => {
    if (sortedJson(toJsonSafe(a)) !== sortedJson(toJsonSafe(b))) problems.push(label);
  };
  same("proposal number", kfs.proposalNumber, expected.proposalNumber);
  same("loan amount", kfs.sanctionedAmountPaise, expected.sanctionedAmountPaise);
  same("instalment", kfs.instalment, expected.instalment);
  same("interest", kfs.interest, expected.interest);
  same("charges", kfs.charges, expected.charges);
  same("contingent charges", kfs.contingentCharges, expected.contingentCharges);
  same("totals", kfs.totals, expected.totals);
  same("APR", kfs.apr.bps, expected.apr.bps);
  same("cooling-off period", kfs.coolingOff.days, expected.coolingOff.days);
  same("schedule", kfs.schedule, expected.schedule);
  same("lender", kfs.lender.code, expected.lender.code);
  return problems;
}
