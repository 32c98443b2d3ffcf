/**
 * The annual percentage rate (RBI KFS circular, 15 Apr 2024): the IRR of every cash flow between borrower
 * and lender (the credit, instalments, fees and third-party charges), annualised as the RBI's illustration
 * does (the periodic IRR × periods per year, Excel's RATE × 12 for monthly loans).
 *
 * Time is counted in repayment periods from the disbursal: whole months (or days) plus, for a broken
 * period, the leftover days as a fraction of a 30-day month (or of the day period).
 */
import type { LoanTerms } from "../contracts";
import { addMonths, daysBetween, type IsoDate, wholeMonthsBetween } from "./dates";
import { D, type Dec, dec } from "./money";
import type { Schedule } from "./schedule";

export interface CashFlow {
  date: IsoDate;
  /** Periods since the disbursal. */
  periods: Dec;
  /** Positive: money to (or for) the borrower; negative: money the borrower pays. */
  amountPaise: bigint;
}

export function periodsSinceDisbursal(
  terms: Pick<LoanTerms, "frequency" | "disbursalDate">,
  date: IsoDate,
): Dec {
  const every = terms.frequency.every;
  if (terms.frequency.unit === "DAY") return dec(daysBetween(terms.disbursalDate, date)).div(every);
  const months = wholeMonthsBetween(terms.disbursalDate, date);
  const leftover = daysBetween(addMonths(terms.disbursalDate, months), date);
  return dec(months).plus(dec(leftover).div(30)).div(every);
}

export function periodsPerYear(terms: Pick<LoanTerms, "frequency">): Dec {
  return terms.frequency.unit === "MONTH"
    ? dec(12).div(terms.frequency.every)
    : dec(365).div(terms.frequency.every);
}

/**
 * The borrower's cash flows: the loan amount at disbursal (paid to the merchant on the borrower's behalf)
 * less upfront charges, then every scheduled row (down payment, instalments with their fees).
 */
export function borrowerCashFlows(terms: LoanTerms, schedule: Schedule): CashFlow[] {
  const upfront = terms.charges
    .filter((charge) => charge.collection === "UPFRONT")
    .reduce((sum, charge) => sum + charge.amountPaise, 0n);
  const byDate = new Map<IsoDate, bigint>([[terms.disbursalDate, terms.principalPaise - upfront]]);
  for (const row of schedule.rows) byDate.set(row.dueDate, (byDate.get(row.dueDate) ?? 0n) - row.totalPaise);
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, amountPaise]) => ({ date, amountPaise, periods: periodsSinceDisbursal(terms, date) }));
}

function presentValue(flows: readonly CashFlow[], rate: Dec): { value: Dec; derivative: Dec } {
  const base = new D(1).plus(rate);
  let value = new D(0);
  let derivative = new D(0);
  for (const flow of flows) {
    const discount = base.pow(flow.periods.neg());
    const amount = dec(flow.amountPaise);
    value = value.plus(amount.mul(discount));
    derivative = derivative.minus(amount.mul(flow.periods).mul(discount).div(base));
  }
  return { value, derivative };
}

/**
 * The rate per period at which the flows' present value is zero. Newton's method from `guess`, with
 * bisection whenever a step leaves the bracket, so it always converges for a loan's flows (one sign
 * change: money in first, payments after).
 */
export function internalRateOfReturn(flows: readonly CashFlow[], guess: Dec = new D("0.01")): Dec {
  if (!flows.some((flow) => flow.amountPaise > 0n) || !flows.some((flow) => flow.amountPaise < 0n)) {
    throw new RangeError("cash flows need money in and money out");
  }
  let low = new D("-0.999999");
  let high = new D(1);
  // The flows start with money in and continue with money out, so their present value rises with the
  // rate: negative near −100 %, positive at a high enough rate.
  while (presentValue(flows, high).value.lte(0)) {
    high = high.mul(2);
    if (high.gt(1_000_000)) throw new RangeError("no rate balances these cash flows");
  }
  if (presentValue(flows, low).value.gte(0)) throw new RangeError("no rate balances these cash flows");
  let rate = guess.gt(low) && guess.lt(high) ? guess : low.plus(high).div(2);
  for (let iteration = 0; iteration < 300; iteration++) {
    const { value, derivative } = presentValue(flows, rate);
    if (value.abs().lt(new D("1e-20"))) return rate;
    if (value.gt(0)) high = rate;
    else low = rate;
    let next = derivative.isZero() ? low.plus(high).div(2) : rate.minus(value.div(derivative));
    if (next.lte(low) || next.gte(high)) next = low.plus(high).div(2);
    if (next.minus(rate).abs().lt(new D("1e-24"))) return next;
    rate = next;
  }
  return rate;
}

export interface AnnualPercentageRate {
  /** Rounded half-up to a basis point (what the KFS shows: 14.85 %). */
  bps: number;
  /** Unrounded annual rate as a decimal fraction, for tests and audits. */
  exact: Dec;
  periodicRate: Dec;
}

export function annualPercentageRateOf(
  flows: readonly CashFlow[],
  perYear: Dec,
  guess?: Dec,
): AnnualPercentageRate {
  const periodicRate = internalRateOfReturn(flows, guess);
  const exact = periodicRate.mul(perYear);
  return {
    bps: exact.mul(10_000).toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber(),
    exact,
    periodicRate,
  };
}

export function annualPercentageRate(terms: LoanTerms, schedule: Schedule): AnnualPercentageRate {
  const perYear = periodsPerYear(terms);
  const guess = dec(Math.max(terms.annualRateBps, 1)).div(10_000).div(perYear);
  return annualPercentageRateOf(borrowerCashFlows(terms, schedule), perYear, guess);
}

/**
 * What a borrower pays to exit in the cooling-off period: the principal outstanding plus the APR for the
 * days they held it (no penalty), less upfront charges already paid (a negative result is a refund).
 */
export function coolingOffExitAmount(input: {
  outstandingPrincipalPaise: bigint;
  aprBps: number;
  daysHeld: number;
  upfrontChargesPaidPaise: bigint;
}): { costPaise: bigint; payablePaise: bigint } {
  const cost = dec(input.outstandingPrincipalPaise)
    .mul(input.aprBps)
    .mul(Math.max(input.daysHeld, 0))
    .div(10_000 * 365)
    .toDecimalPlaces(0, D.ROUND_HALF_UP);
  const costPaise = BigInt(cost.toFixed(0));
  return {
    costPaise,
    payablePaise: input.outstandingPrincipalPaise + costPaise - input.upfrontChargesPaidPaise,
  };
}
