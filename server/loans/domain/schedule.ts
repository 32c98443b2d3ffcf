/**
 * The schedule engine (pure): from loan terms to the amortisation schedule.
 *
 * - Reducing balance: a level instalment (EMI = P·r·(1+r)^n / ((1+r)^n − 1), r the periodic rate), rounded
 *   to the product's instalment multiple; each period's interest on the outstanding principal, rounded to
 *   paise; principal = EMI − interest; the last instalment takes whatever principal is left.
 * - Flat: interest on the original principal for the whole tenor, spread evenly; the last instalment
 *   absorbs the rounding.
 * - Monthly (every n months, anchored on the first due date and clamped to month ends) or every n days.
 * - Interest PERIODIC (rate per period) or DAILY (rate × days / days-in-year, with ACTUAL, 365 or 360 and
 *   actual or 30-day months).
 * - Broken period: a first due date other than one period after disbursal. A longer first period adds the
 *   extra days' interest on top of the first instalment; a shorter one charges interest for its days only.
 * - Down payment (a share of the principal due on the disbursal date), principal grace and interest
 *   deferral periods.
 *
 * These rules reproduce Apache Fineract's schedules to the cent (see schedule.fineract.test.ts).
 */
import type { LoanTerms } from "../contracts";
import { addDays, addMonths, days360, daysBetween, type IsoDate, isLeapYear, yearOf } from "./dates";
import { D, type Dec, dec, roundPaise, roundToMultiple, sumPaise } from "./money";

export interface ScheduleRow {
  /** 0 for a down payment, then 1..n. */
  number: number;
  kind: "DOWN_PAYMENT" | "INSTALMENT";
  dueDate: IsoDate;
  /** Days since the previous due date (or the disbursal). */
  days: number;
  principalPaise: bigint;
  interestPaise: bigint;
  feesPaise: bigint;
  totalPaise: bigint;
  /** Principal still outstanding after this row is paid. */
  balancePaise: bigint;
}

export interface Schedule {
  disbursalDate: IsoDate;
  firstDueDate: IsoDate;
  maturityDate: IsoDate;
  principalPaise: bigint;
  downPaymentPaise: bigint;
  /** The level instalment (EMI for reducing balance). Individual rows may differ (broken period, fees, last). */
  instalmentPaise: bigint;
  /** Interest for the extra days of a long first period (added to instalment 1), 0 otherwise. */
  brokenPeriodInterestPaise: bigint;
  rows: ScheduleRow[];
  totals: { principalPaise: bigint; interestPaise: bigint; feesPaise: bigint; payablePaise: bigint };
}

type RateTerms = Pick<LoanTerms, "annualRateBps" | "frequency" | "interestAccrual" | "dayCount">;

const ONE = new D(1);

function annualRate(terms: Pick<LoanTerms, "annualRateBps">): Dec {
  return dec(terms.annualRateBps).div(10_000);
}

/** The due date `periods` repayment periods after `from`. */
export function stepPeriods(terms: Pick<LoanTerms, "frequency">, from: IsoDate, periods: number): IsoDate {
  return terms.frequency.unit === "MONTH"
    ? addMonths(from, periods * terms.frequency.every)
    : addDays(from, periods * terms.frequency.every);
}

/** Every due date of the terms' regular instalments (the down payment, if any, is due on the disbursal date). */
export function dueDates(
  terms: Pick<LoanTerms, "frequency" | "disbursalDate" | "firstDueDate" | "tenor">,
): IsoDate[] {
  const first = terms.firstDueDate ?? stepPeriods(terms, terms.disbursalDate, 1);
  return Array.from({ length: terms.tenor }, (_, index) => stepPeriods(terms, first, index));
}

function fixedDaysInYear(terms: Pick<LoanTerms, "dayCount">): number {
  return terms.dayCount.daysInYear === "360" ? 360 : 365;
}

/** The share of a year from start to end under the terms' day count. */
export function yearFraction(terms: Pick<LoanTerms, "dayCount">, start: IsoDate, end: IsoDate): Dec {
  if (terms.dayCount.daysInMonth === "30") {
    return dec(days360(start, end)).div(
      terms.dayCount.daysInYear === "ACTUAL" ? 360 : fixedDaysInYear(terms),
    );
  }
  if (terms.dayCount.daysInYear !== "ACTUAL") return dec(daysBetween(start, end)).div(fixedDaysInYear(terms));
  // Actual/actual: each calendar year's days over that year's length.
  let fraction = new D(0);
  let cursor = start;
  while (cursor < end) {
    const year = yearOf(cursor);
    const nextYear = `${String(year + 1).padStart(4, "0")}-01-01`;
    const segmentEnd = nextYear < end ? nextYear : end;
    fraction = fraction.plus(dec(daysBetween(cursor, segmentEnd)).div(isLeapYear(year) ? 366 : 365));
    cursor = segmentEnd;
  }
  return fraction;
}

/** The rate for one regular repayment period (what the EMI formula uses). */
export function periodicRate(terms: RateTerms): Dec {
  const rate = annualRate(terms);
  if (terms.frequency.unit === "MONTH") return rate.mul(terms.frequency.every).div(12);
  return rate.mul(terms.frequency.every).div(fixedDaysInYear(terms));
}

/**
 * The interest rate applying to a period from start to end, split into the regular part and the
 * broken-period extra (days beyond one regular period).
 */
function periodRateParts(
  terms: RateTerms,
  start: IsoDate,
  end: IsoDate,
  regularStart: IsoDate,
): { regular: Dec; extra: Dec } {
  const rate = annualRate(terms);
  if (terms.interestAccrual === "DAILY")
    return { regular: rate.mul(yearFraction(terms, start, end)), extra: new D(0) };
  if (regularStart === start) return { regular: periodicRate(terms), extra: new D(0) };
  if (regularStart > start) {
    // Longer than a regular period: a full period plus the extra days, day-counted.
    return { regular: periodicRate(terms), extra: rate.mul(yearFraction(terms, start, regularStart)) };
  }
  // Shorter than a regular period: interest for its days only.
  return { regular: rate.mul(yearFraction(terms, start, end)), extra: new D(0) };
}

/** Excel-compatible PMT for a present value (positive result = the payment). */
export function levelPayment(principal: Dec, ratePerPeriod: Dec, periods: number): Dec {
  if (periods <= 0) throw new RangeError("periods must be positive");
  if (ratePerPeriod.isZero()) return principal.div(periods);
  const growth = ONE.plus(ratePerPeriod).pow(periods);
  return principal.mul(ratePerPeriod).mul(growth).div(growth.minus(ONE));
}

function instalmentFees(terms: Pick<LoanTerms, "charges">): bigint {
  return sumPaise(
    terms.charges.filter((charge) => charge.collection === "WITH_FIRST_INSTALMENT").map((c) => c.amountPaise),
  );
}

export function downPaymentOf(
  terms: Pick<LoanTerms, "principalPaise" | "downPaymentBps" | "rounding">,
): bigint {
  if (terms.downPaymentBps === 0) return 0n;
  return roundToMultiple(
    dec(terms.principalPaise).mul(terms.downPaymentBps).div(10_000),
    terms.rounding.instalmentMultiplePaise,
    terms.rounding.instalmentMode,
  );
}

export function generateSchedule(terms: LoanTerms): Schedule {
  const dates = dueDates(terms);
  const downPayment = downPaymentOf(terms);
  const financed = terms.principalPaise - downPayment;
  const rows: ScheduleRow[] = [];
  let balance = terms.principalPaise;
  if (downPayment > 0n) {
    balance -= downPayment;
    rows.push({
      number: 0,
      kind: "DOWN_PAYMENT",
      dueDate: terms.disbursalDate,
      days: 0,
      principalPaise: downPayment,
      interestPaise: 0n,
      feesPaise: 0n,
      totalPaise: downPayment,
      balancePaise: balance,
    });
  }
  const regularFirstStart = stepPeriods(terms, dates[0]!, -1);
  const instalments =
    terms.interestMethod === "FLAT"
      ? flatInstalments(terms, dates, financed, regularFirstStart)
      : reducingInstalments(terms, dates, financed, regularFirstStart);
  const fees = instalmentFees(terms);
  let previous = terms.disbursalDate;
  for (const [index, instalment] of instalments.rows.entries()) {
    const feesPaise = index === 0 ? fees : 0n;
    balance -= instalment.principalPaise;
    rows.push({
      number: index + 1,
      kind: "INSTALMENT",
      dueDate: instalment.dueDate,
      days: daysBetween(previous, instalment.dueDate),
      principalPaise: instalment.principalPaise,
      interestPaise: instalment.interestPaise,
      feesPaise,
      totalPaise: instalment.principalPaise + instalment.interestPaise + feesPaise,
      balancePaise: balance,
    });
    previous = instalment.dueDate;
  }
  if (balance !== 0n) throw new Error(`schedule does not amortise: ${balance} paise left`);
  const interest = sumPaise(rows.map((row) => row.interestPaise));
  const feeTotal = sumPaise(rows.map((row) => row.feesPaise));
  return {
    disbursalDate: terms.disbursalDate,
    firstDueDate: dates[0]!,
    maturityDate: rows[rows.length - 1]!.dueDate,
    principalPaise: terms.principalPaise,
    downPaymentPaise: downPayment,
    instalmentPaise: instalments.level,
    brokenPeriodInterestPaise: instalments.brokenExtra,
    rows,
    totals: {
      principalPaise: terms.principalPaise,
      interestPaise: interest,
      feesPaise: feeTotal,
      payablePaise: terms.principalPaise + interest + feeTotal,
    },
  };
}

interface Amortised {
  level: bigint;
  brokenExtra: bigint;
  rows: { dueDate: IsoDate; principalPaise: bigint; interestPaise: bigint }[];
}

function reducingInstalments(
  terms: LoanTerms,
  dates: IsoDate[],
  financed: bigint,
  regularFirstStart: IsoDate,
): Amortised {
  const amortising = terms.tenor - terms.principalGracePeriods;
  const level = roundToMultiple(
    levelPayment(dec(financed), periodicRate(terms), amortising),
    terms.rounding.instalmentMultiplePaise,
    terms.rounding.instalmentMode,
  );
  const result = amortiseReducing(terms, {
    principalPaise: financed,
    startDate: terms.disbursalDate,
    dueDates: dates,
    instalmentPaise: level,
    firstRegularStart: regularFirstStart,
    principalGracePeriods: terms.principalGracePeriods,
    interestDeferralPeriods: terms.interestDeferralPeriods,
  });
  return { level, brokenExtra: result.brokenExtra, rows: result.rows };
}

/**
 * Amortises `principalPaise` from `startDate` over `dueDates` with a level instalment. Also used to
 * re-amortise after a prepayment (reduce EMI: a new level over the same dates; reduce tenure: the same
 * level, stopping when the principal is repaid).
 */
export function amortiseReducing(
  terms: RateTerms & Pick<LoanTerms, "rounding">,
  input: {
    principalPaise: bigint;
    startDate: IsoDate;
    dueDates: IsoDate[];
    instalmentPaise: bigint;
    /** Where the first period would start if it were regular (equal to startDate when it is). */
    firstRegularStart?: IsoDate;
    principalGracePeriods?: number;
    interestDeferralPeriods?: number;
  },
): { brokenExtra: bigint; rows: { dueDate: IsoDate; principalPaise: bigint; interestPaise: bigint }[] } {
  const rows: { dueDate: IsoDate; principalPaise: bigint; interestPaise: bigint }[] = [];
  const grace = input.principalGracePeriods ?? 0;
  const deferral = input.interestDeferralPeriods ?? 0;
  let balance = input.principalPaise;
  let deferred = 0n;
  let brokenExtra = 0n;
  let start = input.startDate;
  for (const [index, dueDate] of input.dueDates.entries()) {
    const regularStart = index === 0 ? (input.firstRegularStart ?? start) : start;
    const rate = periodRateParts(terms, start, dueDate, regularStart);
    const regularInterest = roundPaise(dec(balance).mul(rate.regular), terms.rounding.interestMode);
    const extraInterest = roundPaise(dec(balance).mul(rate.extra), terms.rounding.interestMode);
    if (index === 0) brokenExtra = extraInterest;
    const periodInterest = regularInterest + extraInterest;
    let interestDue: bigint;
    if (index < deferral) {
      deferred += periodInterest;
      interestDue = 0n;
    } else {
      interestDue = periodInterest + deferred;
      deferred = 0n;
    }
    const isLast = index === input.dueDates.length - 1;
    let principal: bigint;
    if (index < grace) principal = 0n;
    else if (isLast) principal = balance;
    else {
      principal = input.instalmentPaise - regularInterest;
      if (principal < 0n) principal = 0n;
      if (principal > balance) principal = balance;
    }
    balance -= principal;
    rows.push({ dueDate, principalPaise: principal, interestPaise: interestDue });
    start = dueDate;
    if (balance === 0n && !isLast && index >= grace) break;
  }
  return { brokenExtra, rows };
}

function flatInstalments(
  terms: LoanTerms,
  dates: IsoDate[],
  financed: bigint,
  regularFirstStart: IsoDate,
): Amortised {
  const rate = annualRate(terms);
  const periodicExact = dec(financed).mul(periodicRate(terms));
  const totalInterest = roundPaise(periodicExact.mul(terms.tenor), terms.rounding.interestMode);
  const rounded = roundPaise(periodicExact, terms.rounding.interestMode);
  // Rounding each period's share up could leave the last period negative interest: share it down then.
  const perPeriod =
    rounded * BigInt(terms.tenor - 1) > totalInterest ? totalInterest / BigInt(terms.tenor) : rounded;
  const brokenExtra =
    regularFirstStart > terms.disbursalDate
      ? roundPaise(
          dec(financed)
            .mul(rate)
            .mul(yearFraction(terms, terms.disbursalDate, regularFirstStart)),
          terms.rounding.interestMode,
        )
      : 0n;
  const level = roundToMultiple(
    dec(financed + totalInterest).div(terms.tenor),
    terms.rounding.instalmentMultiplePaise,
    terms.rounding.instalmentMode,
  );
  const rows: Amortised["rows"] = [];
  let balance = financed;
  let interestSoFar = 0n;
  for (const [index, dueDate] of dates.entries()) {
    const isLast = index === dates.length - 1;
    const interest = isLast ? totalInterest - interestSoFar : perPeriod;
    let principal = isLast ? balance : level - interest;
    if (principal > balance) principal = balance;
    if (principal < 0n) principal = 0n;
    balance -= principal;
    interestSoFar += interest;
    rows.push({
      dueDate,
      principalPaise: principal,
      interestPaise: interest + (index === 0 ? brokenExtra : 0n),
    });
    if (balance === 0n && !isLast) {
      // An instalment rounded up repaid everything early: the remaining interest falls due now.
      rows[rows.length - 1]!.interestPaise += totalInterest - interestSoFar;
      break;
    }
  }
  return { level, brokenExtra, rows };
}
