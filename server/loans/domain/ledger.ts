/**
 * Double entry (pure): the balanced postings each loan event makes. Debit positive, credit negative, in
 * paise; every journal sums to zero (checked here and again by the database).
 *
 * Accounts (per loan, from the lender's book): PRINCIPAL_RECEIVABLE, FEES_RECEIVABLE and PENAL_RECEIVABLE
 * are what the borrower owes; MERCHANT_PAYABLE the purchase price owed to the merchant until disbursed;
 * LENDER_FUNDING the lender's money paid out; COLLECTIONS money received from the gateway or the
 * merchant; INTEREST_INCOME, FEE_INCOME and PENAL_INCOME what the lender earns (interest is recognised as
 * it is collected); SUSPENSE money received that could not be matched; BORROWER_REFUND_PAYABLE money to
 * give back to the borrower.
 */
import type { Allocation, LoanEventBody, LoanProjection } from "./events";
import { unpaidCharges } from "./events";

export const LEDGER_ACCOUNTS = [
  "PRINCIPAL_RECEIVABLE",
  "FEES_RECEIVABLE",
  "PENAL_RECEIVABLE",
  "MERCHANT_PAYABLE",
  "LENDER_FUNDING",
  "COLLECTIONS",
  "INTEREST_INCOME",
  "FEE_INCOME",
  "PENAL_INCOME",
  "SUSPENSE",
  "BORROWER_REFUND_PAYABLE",
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export interface Leg {
  account: LedgerAccount;
  amountPaise: bigint;
}

export interface Journal {
  description: string;
  legs: Leg[];
}

export class LedgerError extends Error {
  override readonly name = "LedgerError";
}

function journal(description: string, legs: Leg[]): Journal {
  const merged = new Map<LedgerAccount, bigint>();
  for (const leg of legs) merged.set(leg.account, (merged.get(leg.account) ?? 0n) + leg.amountPaise);
  const result = [...merged.entries()]
    .filter(([, amount]) => amount !== 0n)
    .map(([account, amountPaise]) => ({ account, amountPaise }));
  const sum = result.reduce((total, leg) => total + leg.amountPaise, 0n);
  if (sum !== 0n) throw new LedgerError(`journal "${description}" does not balance (${sum})`);
  return { description, legs: result };
}

const dr = (account: LedgerAccount, amountPaise: bigint): Leg => ({ account, amountPaise });
const cr = (account: LedgerAccount, amountPaise: bigint): Leg => ({ account, amountPaise: -amountPaise });

function allocationLegs(allocation: Allocation, before: LoanProjection): Leg[] {
  let principal = 0n;
  let interest = 0n;
  let fees = 0n;
  let penal = 0n;
  for (const part of allocation.instalments) {
    principal += part.principalPaise;
    interest += part.interestPaise;
    fees += part.feesPaise;
  }
  for (const part of allocation.charges) {
    const charge = before.charges.find((candidate) => candidate.id === part.id);
    if (charge?.kind === "PENAL") penal += part.amountPaise;
    else fees += part.amountPaise;
  }
  return [
    cr("PRINCIPAL_RECEIVABLE", principal),
    cr("INTEREST_INCOME", interest),
    cr("FEES_RECEIVABLE", fees),
    cr("PENAL_RECEIVABLE", penal),
    cr("BORROWER_REFUND_PAYABLE", allocation.excessPaise),
  ];
}

/** The journals for one event, given the projection just before it. */
export function journalsFor(body: LoanEventBody, before: LoanProjection | null): Journal[] {
  switch (body.type) {
    case "LoanBooked": {
      const instalmentFees = body.schedule.reduce((sum, row) => sum + row.feesPaise, 0n);
      const upfront = body.upfrontCharges.reduce((sum, charge) => sum + charge.amountPaise, 0n);
      const journals = [
        journal("Loan booked: purchase price owed to the merchant", [
          dr("PRINCIPAL_RECEIVABLE", body.principalPaise),
          cr("MERCHANT_PAYABLE", body.principalPaise),
        ]),
      ];
      if (upfront + instalmentFees > 0n) {
        journals.push(
          journal("Charges in the KFS receivable", [
            dr("FEES_RECEIVABLE", upfront + instalmentFees),
            cr("FEE_INCOME", upfront + instalmentFees),
          ]),
        );
      }
      return journals;
    }
    case "Disbursed":
      return [
        journal("Disbursed by the lender to the merchant (end-use disbursal)", [
          dr("MERCHANT_PAYABLE", body.amountPaise),
          cr("LENDER_FUNDING", body.amountPaise),
        ]),
      ];
    case "ChargeLevied":
      return [
        body.kind === "PENAL"
          ? journal(`Penal charge ${body.code}`, [
              dr("PENAL_RECEIVABLE", body.amountPaise),
              cr("PENAL_INCOME", body.amountPaise),
            ])
          : journal(`Charge ${body.code}`, [
              dr("FEES_RECEIVABLE", body.amountPaise),
              cr("FEE_INCOME", body.amountPaise),
            ]),
      ];
    case "RepaymentReceived": {
      if (!before) throw new LedgerError("repayment before booking");
      return [
        journal(`Repayment ${body.paymentId}`, [
          dr("COLLECTIONS", body.amountPaise),
          ...allocationLegs(body.allocation, before),
        ]),
      ];
    }
    case "PaymentHeld":
      return [
        journal(`Payment ${body.paymentId} held in suspense: ${body.reason}`, [
          dr("COLLECTIONS", body.amountPaise),
          cr("SUSPENSE", body.amountPaise),
        ]),
      ];
    case "Prepaid": {
      if (!before) throw new LedgerError("prepayment before booking");
      return [
        journal(
          `Prepayment ${body.paymentId} (${body.mode === "REDUCE_EMI" ? "reduce EMI" : "reduce tenure"})`,
          [
            dr("COLLECTIONS", body.amountPaise),
            ...allocationLegs(body.allocation, before),
            cr("PRINCIPAL_RECEIVABLE", body.principalPrepaidPaise),
          ],
        ),
      ];
    }
    case "Foreclosed": {
      if (!before) throw new LedgerError("foreclosure before booking");
      return [
        journal(`Foreclosure ${body.paymentId}`, [
          dr("COLLECTIONS", body.amountPaise),
          ...allocationLegs(body.allocation, before),
        ]),
      ];
    }
    case "CoolingOffExited": {
      const owedCost = body.costPaise > body.alreadyPaidPaise ? body.costPaise - body.alreadyPaidPaise : 0n;
      const paidBeyondCost =
        body.alreadyPaidPaise > body.costPaise ? body.alreadyPaidPaise - body.costPaise : 0n;
      return [
        journal(`Cooling-off exit ${body.paymentId}`, [
          dr("COLLECTIONS", body.amountPaise),
          cr("PRINCIPAL_RECEIVABLE", body.principalPaise),
          cr("INTEREST_INCOME", owedCost),
          // Interest and fees already paid beyond the exit cost, and any excess, go back to the borrower.
          dr("INTEREST_INCOME", paidBeyondCost),
          cr("BORROWER_REFUND_PAYABLE", body.refundPaise),
        ]),
        ...waiverJournals(body.waivedFeesPaise, body.waivedPenalPaise, "cooling-off exit: no penalty"),
      ];
    }
    case "Cancelled": {
      if (!before) throw new LedgerError("cancellation before booking");
      const outstanding = before.instalments.reduce(
        (sum, row) => sum + row.principalDuePaise - row.principalPaidPaise,
        0n,
      );
      const interestPaid = before.received.interestPaise;
      const feesPaid = before.received.feesPaise;
      const principalPaid = body.merchantRefundPaise - outstanding;
      return [
        journal(`Purchase cancelled (${body.reason}): merchant refund closes the loan`, [
          dr("COLLECTIONS", body.merchantRefundPaise),
          cr("PRINCIPAL_RECEIVABLE", outstanding),
          cr("BORROWER_REFUND_PAYABLE", principalPaid),
          dr("INTEREST_INCOME", interestPaid),
          dr("FEE_INCOME", feesPaid),
          cr("BORROWER_REFUND_PAYABLE", interestPaid + feesPaid),
        ]),
        ...waiverJournals(body.waivedFeesPaise, body.waivedPenalPaise, "purchase cancelled"),
      ];
    }
    case "Closed":
      return [];
  }
}

function waiverJournals(fees: bigint, penal: bigint, why: string): Journal[] {
  const journals: Journal[] = [];
  if (fees > 0n)
    journals.push(journal(`Fees waived (${why})`, [dr("FEE_INCOME", fees), cr("FEES_RECEIVABLE", fees)]));
  if (penal > 0n)
    journals.push(
      journal(`Penal charges waived (${why})`, [dr("PENAL_INCOME", penal), cr("PENAL_RECEIVABLE", penal)]),
    );
  return journals;
}

/** Balances per account from a list of journals. */
export function balances(journals: readonly Journal[]): Record<LedgerAccount, bigint> {
  const out = Object.fromEntries(LEDGER_ACCOUNTS.map((account) => [account, 0n])) as Record<
    LedgerAccount,
    bigint
  >;
  for (const entry of journals) for (const leg of entry.legs) out[leg.account] += leg.amountPaise;
  return out;
}

/** What the ledger must agree with in the projection (used by tests and the reconciliation check). */
export function expectedReceivables(state: LoanProjection) {
  const principal = state.instalments.reduce(
    (sum, row) => sum + row.principalDuePaise - row.principalPaidPaise,
    0n,
  );
  const instalmentFees = state.instalments.reduce(
    (sum, row) => sum + row.feesDuePaise - row.feesPaidPaise,
    0n,
  );
  return {
    PRINCIPAL_RECEIVABLE: principal,
    FEES_RECEIVABLE: instalmentFees + unpaidCharges(state, "FEE"),
    PENAL_RECEIVABLE: unpaidCharges(state, "PENAL"),
  };
}
