/**
 * Pure offer arithmetic: a lender's sanction → loan terms (the loans context's LoanTermsSchema) → quote
 * (EMI, APR, total payable) → Key Fact Statement; and the neutral, disclosed order of several offers.
 */
import type { LenderDisclosure, LoanTermsInput } from "@/server/loans/contracts";
import { buildKeyFactStatement, type KeyFactStatement, kfsToJson } from "@/server/loans/domain/kfs";
import { type LoanQuote, quoteLoan } from "@/server/loans/domain/quote";

export interface Sanction {
  principalPaise: bigint;
  tenorMonths: number;
  annualRateBps: number;
  processingFeePaise: bigint;
}

export interface KfsSettings {
  latePaymentFeePaise: number;
  bounceChargePaise: number;
  coolingOffDays: number;
}

/** GST on a fee quoted inclusive of 18 % GST: fee × 18 / 118, rounded down to the paisa. */
export function gstIncluded(feePaise: bigint): bigint {
  return (feePaise * 18n) / 118n;
}

export function termsFor(
  sanction: Sanction,
  lender: { name: string },
  disbursalDate: string,
  kfs: KfsSettings,
): LoanTermsInput {
  return {
    principalPaise: sanction.principalPaise,
    tenor: sanction.tenorMonths,
    frequency: { unit: "MONTH", every: 1 },
    annualRateBps: sanction.annualRateBps,
    interestMethod: "REDUCING_BALANCE",
    disbursalDate,
    charges:
      sanction.processingFeePaise > 0n
        ? [
            {
              code: "processing-fee",
              name: "Processing fee",
              kind: "FEE",
              amountPaise: sanction.processingFeePaise,
              taxPaise: gstIncluded(sanction.processingFeePaise),
              receiver: { type: "LENDER", name: lender.name },
              collection: "UPFRONT",
            },
          ]
        : [],
    contingentCharges: [
      {
        code: "late-payment",
        name: "Late payment charge",
        trigger: "LATE_PAYMENT",
        basis: "FLAT",
        amountPaise: BigInt(kfs.latePaymentFeePaise),
        description: "Charged once for each instalment paid after its due date. Never capitalised.",
        receiver: { type: "LENDER", name: lender.name },
      },
      {
        code: "bounce",
        name: "Payment bounce charge",
        trigger: "PAYMENT_BOUNCE",
        basis: "FLAT",
        amountPaise: BigInt(kfs.bounceChargePaise),
        description: "Charged when an auto-debit or cheque is returned unpaid.",
        receiver: { type: "LENDER", name: lender.name },
      },
    ],
  };
}

export interface BuiltOffer {
  terms: LoanTermsInput;
  quote: LoanQuote;
  kfs: KeyFactStatement;
  kfsJson: Record<string, unknown>;
}

export function buildOffer(input: {
  sanction: Sanction;
  lender: LenderDisclosure;
  proposalNumber: string;
  issuedAt: Date;
  disbursalDate: string;
  borrower: { name: string; phone: string };
  merchant: { name: string; storeName: string };
  kfs: KfsSettings;
}): BuiltOffer {
  const terms = termsFor(input.sanction, input.lender, input.disbursalDate, input.kfs);
  const quote = quoteLoan(terms);
  const kfs = buildKeyFactStatement({
    proposalNumber: input.proposalNumber,
    issuedAt: input.issuedAt,
    lender: input.lender,
    borrower: input.borrower,
    merchant: input.merchant,
    terms,
    coolingOffDays: input.kfs.coolingOffDays,
    quote,
  });
  return { terms, quote, kfs, kfsJson: kfsToJson(kfs) as Record<string, unknown> };
}

/** The rule shown on the offers page, word for word what `neutralOrder` does. */
export const ORDERING_DISCLOSURE =
  "Offers are listed by annual percentage rate (APR), lowest first; equal APRs by total amount payable, " +
  "lowest first; then by lender name. Flux is paid the same by every lender, and no lender can pay to be " +
  "shown first.";

export interface Rankable {
  lenderName: string;
  aprBps: number;
  totalPayablePaise: bigint;
}

export function neutralOrder<T extends Rankable>(offers: readonly T[]): T[] {
  return [...offers].sort(
    (a, b) =>
      a.aprBps - b.aprBps ||
      (a.totalPayablePaise < b.totalPayablePaise ? -1 : a.totalPayablePaise > b.totalPayablePaise ? 1 : 0) ||
      a.lenderName.localeCompare(b.lenderName),
  );
}

/** Jittered exponential backoff ("full jitter" between half and the whole step), deterministic per seed. */
export function backoffMs(baseMs: number, attempt: number, seed: string): number {
  let hash = 2166136261;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const step = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(step / 2 + (step / 2) * ((hash % 1000) / 1000));
}
