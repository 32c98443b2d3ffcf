/**
 * quoteLoan(terms): everything an offer shows and a KFS states, from the terms alone (pure): EMI, the full
 * schedule, total interest, fees, third-party charges, net disbursed amount, total payable and APR.
 */
import { type LoanTerms, type LoanTermsInput, LoanTermsSchema } from "../contracts";
import { annualPercentageRate } from "./apr";
import { formatPercentFromBps, sumPaise } from "./money";
import { generateSchedule, type Schedule } from "./schedule";

export interface LoanQuote {
  terms: LoanTerms;
  schedule: Schedule;
  /** The level instalment (EMI). */
  emiPaise: bigint;
  instalmentCount: number;
  firstDueDate: string;
  maturityDate: string;
  downPaymentPaise: bigint;
  totalInterestPaise: bigint;
  /** Fees payable to the lender or Flux. */
  totalFeesPaise: bigint;
  /** Charges payable to third parties through the lender (insurance, stamp duty...). */
  totalThirdPartyChargesPaise: bigint;
  totalChargesPaise: bigint;
  upfrontChargesPaise: bigint;
  /** Loan amount less upfront charges: what the borrower effectively receives. */
  netDisbursedPaise: bigint;
  /** Principal + interest + every charge. */
  totalPayablePaise: bigint;
  aprBps: number;
  /** "14.85" */
  aprPercent: string;
}

export function quoteLoan(input: LoanTerms | LoanTermsInput): LoanQuote {
  const terms = LoanTermsSchema.parse(input);
  const schedule = generateSchedule(terms);
  const charges = terms.charges;
  const totalFeesPaise = sumPaise(charges.filter((c) => c.kind === "FEE").map((c) => c.amountPaise));
  const totalThirdPartyChargesPaise = sumPaise(
    charges.filter((c) => c.kind === "THIRD_PARTY").map((c) => c.amountPaise),
  );
  const upfrontChargesPaise = sumPaise(
    charges.filter((c) => c.collection === "UPFRONT").map((c) => c.amountPaise),
  );
  const totalChargesPaise = totalFeesPaise + totalThirdPartyChargesPaise;
  const apr = annualPercentageRate(terms, schedule);
  return {
    terms,
    schedule,
    emiPaise: schedule.instalmentPaise,
    instalmentCount: schedule.rows.filter((row) => row.kind === "INSTALMENT").length,
    firstDueDate: schedule.firstDueDate,
    maturityDate: schedule.maturityDate,
    downPaymentPaise: schedule.downPaymentPaise,
    totalInterestPaise: schedule.totals.interestPaise,
    totalFeesPaise,
    totalThirdPartyChargesPaise,
    totalChargesPaise,
    upfrontChargesPaise,
    netDisbursedPaise: terms.principalPaise - upfrontChargesPaise,
    totalPayablePaise: terms.principalPaise + schedule.totals.interestPaise + totalChargesPaise,
    aprBps: apr.bps,
    aprPercent: formatPercentFromBps(apr.bps),
  };
}
