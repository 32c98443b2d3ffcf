/**
 * Decisions (pure): from the projection and a command to the events that record it. Allocation of a
 * payment (RBI interest-first by default: charges, then interest, then principal, oldest instalment
 * first; principal-first configurable), prepayment (reduce EMI or reduce tenure), foreclosure, cooling-off
 * exit (principal + proportionate APR, no penalty), merchant cancellation, contingent charges (only those
 * in the KFS; penal charges are never capitalised), DPD and buckets from the business date.
 */
import type { ContingentCharge, LoanTerms } from "../contracts";
import { coolingOffExitAmount } from "./apr";
import { addDays, daysBetween, type IsoDate } from "./dates";
import {
  type Allocation,
  type AllocationOrder,
  applyEvent,
  type LoanEventBody,
  type LoanProjection,
  LoanRuleError,
  outstandingPrincipal,
  type ScheduleRowInput,
  settleInterestForExit,
  totalOutstanding,
  unpaidCharges,
  unpaidOf,
} from "./events";
import { D, dec, divRound, minPaise, roundToMultiple } from "./money";
import type { ScheduleRow } from "./schedule";
import { amortiseReducing, levelPayment, periodicRate } from "./schedule";

/** Applies bodies one after another (each gets the next version); returns the final projection. */
export function foldPending(state: LoanProjection | null, bodies: readonly LoanEventBody[], loanId: string) {
  let current = state;
  for (const body of bodies) {
    current = applyEvent(current, { loanId, version: (current?.version ?? 0) + 1, body });
  }
  if (!current) throw new LoanRuleError("no events");
  return current;
}

// ---------------------------------------------------------------------------------------------------
// Booking

export function bookingEvents(input: {
  loanId: string;
  applicationId: string;
  proposalNumber: string;
  terms: LoanTerms;
  schedule: ScheduleRow[];
  coolingOffDays: number;
  allocationOrder?: AllocationOrder;
  merchantOrganisationId: string;
  storeId: string;
  lenderLoanReference: string;
}): LoanEventBody[] {
  const { terms } = input;
  return [
    {
      type: "LoanBooked",
      principalPaise: terms.principalPaise,
      disbursalDate: terms.disbursalDate,
      coolingOffUntil: addDays(terms.disbursalDate, input.coolingOffDays),
      allocationOrder: input.allocationOrder ?? "INTEREST_FIRST",
      schedule: input.schedule.map((row) => ({
        number: row.number,
        kind: row.kind,
        dueDate: row.dueDate,
        principalPaise: row.principalPaise,
        interestPaise: row.interestPaise,
        feesPaise: row.feesPaise,
      })),
      upfrontCharges: terms.charges
        .filter((charge) => charge.collection === "UPFRONT")
        .map((charge) => ({ code: charge.code, name: charge.name, amountPaise: charge.amountPaise })),
      applicationId: input.applicationId,
      proposalNumber: input.proposalNumber,
    },
    {
      type: "Disbursed",
      amountPaise: terms.principalPaise,
      recipient: "MERCHANT",
      merchantOrganisationId: input.merchantOrganisationId,
      storeId: input.storeId,
      lenderLoanReference: input.lenderLoanReference,
      on: terms.disbursalDate,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Allocation

interface AllocationScope {
  /** Instalments that may receive money, in order. */
  rows: (row: LoanProjection["instalments"][number]) => boolean;
  /** Instalments not due yet that may receive money after everything due (an early EMI). */
  advance: boolean;
}

/**
 * Splits `amount` over what is owed: fee charges (upfront fees are the oldest dues), then due
 * instalments oldest first (interest-first: fees, interest, principal; principal-first: principal,
 * interest, fees), then penal charges, then (if allowed) instalments not due yet; what is left is excess.
 */
export function allocate(
  state: LoanProjection,
  amount: bigint,
  businessDate: IsoDate,
  options: Partial<AllocationScope> = {},
): Allocation {
  if (amount < 0n) throw new LoanRuleError("a payment cannot be negative");
  let left = amount;
  const instalments = new Map<
    number,
    { number: number; principalPaise: bigint; interestPaise: bigint; feesPaise: bigint }
  >();
  const charges = new Map<number, bigint>();
  const take = (owed: bigint) => {
    const part = minPaise(owed, left);
    left -= part;
    return part > 0n ? part : 0n;
  };
  const payCharges = (kind: "FEE" | "PENAL") => {
    for (const charge of state.charges) {
      if (charge.kind !== kind || left === 0n) continue;
      const part = take(charge.amountPaise - charge.paidPaise);
      if (part > 0n) charges.set(charge.id, (charges.get(charge.id) ?? 0n) + part);
    }
  };
  const payRow = (row: LoanProjection["instalments"][number]) => {
    const entry = instalments.get(row.number) ?? {
      number: row.number,
      principalPaise: 0n,
      interestPaise: 0n,
      feesPaise: 0n,
    };
    const components: ("fees" | "interest" | "principal")[] =
      state.allocationOrder === "PRINCIPAL_FIRST"
        ? ["principal", "interest", "fees"]
        : ["fees", "interest", "principal"];
    for (const component of components) {
      if (component === "fees")
        entry.feesPaise += take(row.feesDuePaise - row.feesPaidPaise - entry.feesPaise);
      if (component === "interest")
        entry.interestPaise += take(row.interestDuePaise - row.interestPaidPaise - entry.interestPaise);
      if (component === "principal")
        entry.principalPaise += take(row.principalDuePaise - row.principalPaidPaise - entry.principalPaise);
    }
    if (entry.principalPaise + entry.interestPaise + entry.feesPaise > 0n) instalments.set(row.number, entry);
  };
  const isDue = options.rows ?? ((row) => row.dueDate <= businessDate);
  payCharges("FEE");
  for (const row of state.instalments) if (left > 0n && unpaidOf(row) > 0n && isDue(row)) payRow(row);
  payCharges("PENAL");
  if (options.advance ?? true) {
    for (const row of state.instalments) if (left > 0n && unpaidOf(row) > 0n) payRow(row);
  }
  return {
    instalments: [...instalments.values()].sort((a, b) => a.number - b.number),
    charges: [...charges.entries()].map(([id, amountPaise]) => ({ id, amountPaise })),
    excessPaise: left,
  };
}

export function allocatedTotal(allocation: Allocation): bigint {
  let total = allocation.excessPaise;
  for (const part of allocation.instalments)
    total += part.principalPaise + part.interestPaise + part.feesPaise;
  for (const part of allocation.charges) total += part.amountPaise;
  return total;
}

/** What is due on or before the business date (instalments and charges), not yet paid. */
export function dueNow(state: LoanProjection, businessDate: IsoDate): bigint {
  const rows = state.instalments
    .filter((row) => row.dueDate <= businessDate)
    .reduce((sum, row) => sum + unpaidOf(row), 0n);
  return rows + unpaidCharges(state);
}

function closeIfSettled(
  state: LoanProjection,
  on: IsoDate,
  reason: string,
  bodies: LoanEventBody[],
  loanId: string,
) {
  const after = foldPending(state, bodies, loanId);
  if (after.status === "ACTIVE" && totalOutstanding(after) === 0n)
    bodies.push({ type: "Closed", on, reason });
}

// ---------------------------------------------------------------------------------------------------
// Commands

export function decideRepayment(
  state: LoanProjection,
  input: { paymentId: string; amountPaise: bigint; on: IsoDate },
): LoanEventBody[] {
  if (state.status !== "ACTIVE") {
    return [
      {
        type: "PaymentHeld",
        paymentId: input.paymentId,
        amountPaise: input.amountPaise,
        on: input.on,
        reason: `loan is ${state.status.toLowerCase()}`,
      },
    ];
  }
  if (input.amountPaise <= 0n) throw new LoanRuleError("a repayment must be more than zero");
  const allocation = allocate(state, input.amountPaise, input.on);
  const bodies: LoanEventBody[] = [
    {
      type: "RepaymentReceived",
      paymentId: input.paymentId,
      amountPaise: input.amountPaise,
      on: input.on,
      allocation,
    },
  ];
  closeIfSettled(state, input.on, "Repaid in full", bodies, state.loanId);
  return bodies;
}

export function decidePrepayment(
  state: LoanProjection,
  terms: LoanTerms,
  input: {
    paymentId: string;
    amountPaise: bigint;
    on: IsoDate;
    mode: "REDUCE_EMI" | "REDUCE_TENURE";
    emiPaise: bigint;
  },
): LoanEventBody[] {
  if (state.status !== "ACTIVE") throw new LoanRuleError(`the loan is ${state.status.toLowerCase()}`);
  if (terms.interestMethod === "FLAT") {
    throw new LoanRuleError("part-prepayment is not offered on flat-rate loans: foreclose instead");
  }
  const touched = (row: LoanProjection["instalments"][number]) =>
    row.dueDate <= input.on || row.principalPaidPaise + row.interestPaidPaise + row.feesPaidPaise > 0n;
  const allocation = allocate(state, input.amountPaise, input.on, { rows: touched, advance: false });
  const remainder = allocation.excessPaise;
  const future = state.instalments.filter((row) => !touched(row) && unpaidOf(row) > 0n);
  if (future.length === 0)
    throw new LoanRuleError("no instalments are left to reschedule: foreclose instead");
  const futurePrincipal = future.reduce((sum, row) => sum + row.principalDuePaise, 0n);
  if (remainder <= 0n) throw new LoanRuleError("the amount only covers what is due: pay your EMI instead");
  if (remainder >= futurePrincipal)
    throw new LoanRuleError("the amount covers the whole loan: foreclose instead");
  const newPrincipal = futurePrincipal - remainder;
  const firstFuture = future[0];
  if (!firstFuture) throw new LoanRuleError("no instalments are left to reschedule");
  const previous = state.instalments.filter((row) => row.number < firstFuture.number).at(-1);
  const startDate = previous?.dueDate ?? state.disbursalDate;
  const dates = future.map((row) => row.dueDate);
  const level =
    input.mode === "REDUCE_EMI"
      ? roundToMultiple(
          levelPayment(dec(newPrincipal), periodicRate(terms), dates.length),
          terms.rounding.instalmentMultiplePaise,
          terms.rounding.instalmentMode,
        )
      : input.emiPaise;
  const amortised = amortiseReducing(terms, {
    principalPaise: newPrincipal,
    startDate: startDate > input.on ? startDate : startDate,
    dueDates: dates,
    instalmentPaise: level,
  });
  const futureFees = future.reduce((sum, row) => sum + row.feesDuePaise, 0n);
  const rescheduled: ScheduleRowInput[] = amortised.rows.map((row, index) => ({
    number: firstFuture.number + index,
    kind: "INSTALMENT",
    dueDate: row.dueDate,
    principalPaise: row.principalPaise,
    interestPaise: row.interestPaise,
    feesPaise: index === 0 ? futureFees : 0n,
  }));
  return [
    {
      type: "Prepaid",
      paymentId: input.paymentId,
      amountPaise: input.amountPaise,
      on: input.on,
      mode: input.mode,
      allocation: { ...allocation, excessPaise: 0n },
      principalPrepaidPaise: remainder,
      fromNumber: firstFuture.number,
      rescheduled,
    },
  ];
}

/** Interest for the days of the current period (pro rata of its scheduled interest). */
export function accruedInterest(state: LoanProjection, on: IsoDate): bigint {
  const current = state.instalments.find((row) => row.dueDate > on);
  if (!current) return 0n;
  const previous = state.instalments.filter((row) => row.dueDate <= on && row.number < current.number).at(-1);
  const start = previous?.dueDate ?? state.disbursalDate;
  const periodDays = daysBetween(start, current.dueDate);
  const elapsed = Math.max(daysBetween(start, on), 0);
  if (periodDays <= 0) return current.interestDuePaise;
  return divRound(current.interestDuePaise * BigInt(elapsed), BigInt(periodDays), "HALF_EVEN");
}

export interface ForeclosureQuote {
  on: IsoDate;
  principalPaise: bigint;
  overduePaise: bigint;
  accruedInterestPaise: bigint;
  interestForgonePaise: bigint;
  chargesPaise: bigint;
  foreclosureChargePaise: bigint;
  payablePaise: bigint;
}

function foreclosureCharge(contingent: readonly ContingentCharge[], principal: bigint) {
  const charge = contingent.find((candidate) => candidate.trigger === "FORECLOSURE");
  if (!charge) return null;
  let amount =
    charge.basis === "FLAT"
      ? (charge.amountPaise ?? 0n)
      : divRound(principal * BigInt(charge.bps ?? 0), 10_000n, "HALF_UP");
  if (charge.capPaise !== undefined && amount > charge.capPaise) amount = charge.capPaise;
  return amount > 0n ? { charge, amountPaise: amount } : null;
}

function foreclosureBodies(
  state: LoanProjection,
  contingent: readonly ContingentCharge[],
  on: IsoDate,
): { pre: LoanEventBody[]; settled: LoanProjection; accrued: bigint; quote: ForeclosureQuote } {
  if (state.status !== "ACTIVE") throw new LoanRuleError(`the loan is ${state.status.toLowerCase()}`);
  const principal = outstandingPrincipal(state);
  const pre: LoanEventBody[] = [];
  const fee = foreclosureCharge(contingent, principal);
  if (fee) {
    pre.push({
      type: "ChargeLevied",
      code: fee.charge.code,
      name: fee.charge.name,
      kind: "FEE",
      amountPaise: fee.amountPaise,
      on,
      reason: "Foreclosure",
    });
  }
  const withCharge = pre.length ? foldPending(state, pre, state.loanId) : state;
  const accrued = accruedInterest(withCharge, on);
  const settled = structuredClone(withCharge);
  const scheduledInterestAhead = withCharge.instalments
    .filter((row) => row.dueDate > on)
    .reduce((sum, row) => sum + row.interestDuePaise - row.interestPaidPaise, 0n);
  settleInterestForExit(settled, on, accrued);
  const interestAhead = settled.instalments
    .filter((row) => row.dueDate > on)
    .reduce((sum, row) => sum + row.interestDuePaise - row.interestPaidPaise, 0n);
  const payable = totalOutstanding(settled);
  const overdue = settled.instalments
    .filter((row) => row.dueDate <= on)
    .reduce((sum, row) => sum + unpaidOf(row), 0n);
  return {
    pre,
    settled,
    accrued,
    quote: {
      on,
      principalPaise: principal,
      overduePaise: overdue,
      accruedInterestPaise: interestAhead,
      interestForgonePaise: scheduledInterestAhead - interestAhead,
      chargesPaise: unpaidCharges(settled),
      foreclosureChargePaise: fee?.amountPaise ?? 0n,
      payablePaise: payable,
    },
  };
}

export function quoteForeclosure(
  state: LoanProjection,
  contingent: readonly ContingentCharge[],
  on: IsoDate,
): ForeclosureQuote {
  return foreclosureBodies(state, contingent, on).quote;
}

export function decideForeclosure(
  state: LoanProjection,
  contingent: readonly ContingentCharge[],
  input: { paymentId: string; amountPaise: bigint; on: IsoDate },
): LoanEventBody[] {
  const { pre, settled, accrued, quote } = foreclosureBodies(state, contingent, input.on);
  if (input.amountPaise < quote.payablePaise) {
    throw new LoanRuleError(`foreclosure needs ${quote.payablePaise} paise; ${input.amountPaise} received`);
  }
  const allocation = allocate(settled, input.amountPaise, "9999-12-31");
  return [
    ...pre,
    {
      type: "Foreclosed",
      paymentId: input.paymentId,
      amountPaise: input.amountPaise,
      on: input.on,
      allocation,
      accruedInterestPaise: accrued,
      interestForgonePaise: quote.interestForgonePaise,
    },
    { type: "Closed", on: input.on, reason: "Foreclosed" },
  ];
}

export interface CoolingOffQuote {
  on: IsoDate;
  eligible: boolean;
  until: IsoDate;
  daysHeld: number;
  principalPaise: bigint;
  costPaise: bigint;
  alreadyPaidPaise: bigint;
  payablePaise: bigint;
  refundPaise: bigint;
}

export function quoteCoolingOff(state: LoanProjection, aprBps: number, on: IsoDate): CoolingOffQuote {
  const principal = outstandingPrincipal(state);
  const daysHeld = Math.max(daysBetween(state.disbursalDate, on), 0);
  const { costPaise } = coolingOffExitAmount({
    outstandingPrincipalPaise: principal,
    aprBps,
    daysHeld,
    upfrontChargesPaidPaise: 0n,
  });
  const alreadyPaid = state.received.interestPaise + state.received.feesPaise;
  const owedCost = costPaise > alreadyPaid ? costPaise - alreadyPaid : 0n;
  return {
    on,
    eligible: state.status === "ACTIVE" && on <= state.coolingOffUntil,
    until: state.coolingOffUntil,
    daysHeld,
    principalPaise: principal,
    costPaise,
    alreadyPaidPaise: alreadyPaid,
    payablePaise: principal + owedCost,
    refundPaise: alreadyPaid > costPaise ? alreadyPaid - costPaise : 0n,
  };
}

export function decideCoolingOffExit(
  state: LoanProjection,
  aprBps: number,
  input: { paymentId: string; amountPaise: bigint; on: IsoDate },
): LoanEventBody[] {
  const quote = quoteCoolingOff(state, aprBps, input.on);
  if (!quote.eligible) throw new LoanRuleError(`the cooling-off period ended on ${quote.until}`);
  if (input.amountPaise < quote.payablePaise) {
    throw new LoanRuleError(
      `a cooling-off exit needs ${quote.payablePaise} paise; ${input.amountPaise} received`,
    );
  }
  const waivedFees =
    state.instalments.reduce((sum, row) => sum + row.feesDuePaise - row.feesPaidPaise, 0n) +
    unpaidCharges(state, "FEE");
  return [
    {
      type: "CoolingOffExited",
      paymentId: input.paymentId,
      amountPaise: input.amountPaise,
      on: input.on,
      principalPaise: quote.principalPaise,
      costPaise: quote.costPaise,
      alreadyPaidPaise: quote.alreadyPaidPaise,
      refundPaise: quote.refundPaise + (input.amountPaise - quote.payablePaise),
      waivedFeesPaise: waivedFees,
      waivedPenalPaise: unpaidCharges(state, "PENAL"),
    },
    { type: "Closed", on: input.on, reason: "Exited in the cooling-off period" },
  ];
}

export function decideCancellation(
  state: LoanProjection,
  input: { reason: string; on: IsoDate },
): LoanEventBody[] {
  if (state.status !== "ACTIVE") throw new LoanRuleError(`the loan is ${state.status.toLowerCase()}`);
  const waivedFees =
    state.instalments.reduce((sum, row) => sum + row.feesDuePaise - row.feesPaidPaise, 0n) +
    unpaidCharges(state, "FEE");
  return [
    {
      type: "Cancelled",
      reason: input.reason,
      on: input.on,
      merchantRefundPaise: state.principalPaise,
      borrowerRefundPaise:
        state.received.principalPaise + state.received.interestPaise + state.received.feesPaise,
      waivedFeesPaise: waivedFees,
      waivedPenalPaise: unpaidCharges(state, "PENAL"),
    },
  ];
}

/**
 * A contingent charge. Refused unless its code is one the borrower accepted in the KFS; late-payment and
 * bounce charges are PENAL (never capitalised, no interest), others are fees.
 */
export function decideCharge(
  state: LoanProjection,
  kfsContingent: readonly ContingentCharge[],
  input: { code: string; on: IsoDate; instalmentNumber?: number },
): LoanEventBody[] {
  if (state.status !== "ACTIVE") throw new LoanRuleError(`the loan is ${state.status.toLowerCase()}`);
  const charge = kfsContingent.find((candidate) => candidate.code === input.code);
  if (!charge) {
    throw new LoanRuleError(
      `charge "${input.code}" is not in this loan's Key Fact Statement, so it cannot be levied`,
    );
  }
  let amount: bigint;
  if (charge.basis === "FLAT") amount = charge.amountPaise ?? 0n;
  else {
    const row =
      input.instalmentNumber !== undefined
        ? state.instalments.find((candidate) => candidate.number === input.instalmentNumber)
        : state.instalments.find((candidate) => candidate.dueDate < input.on && unpaidOf(candidate) > 0n);
    if (!row || unpaidOf(row) === 0n) throw new LoanRuleError("no overdue instalment to charge on");
    amount = BigInt(
      dec(unpaidOf(row))
        .mul(charge.bps ?? 0)
        .div(10_000)
        .toDecimalPlaces(0, D.ROUND_HALF_UP)
        .toFixed(0),
    );
  }
  if (charge.capPaise !== undefined && amount > charge.capPaise) amount = charge.capPaise;
  if (amount <= 0n) throw new LoanRuleError("the charge comes to nothing");
  const penal = charge.trigger === "LATE_PAYMENT" || charge.trigger === "PAYMENT_BOUNCE";
  return [
    {
      type: "ChargeLevied",
      code: charge.code,
      name: charge.name,
      kind: penal ? "PENAL" : "FEE",
      amountPaise: amount,
      on: input.on,
      reason: charge.description,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Delinquency

export const DPD_BUCKETS = ["CURRENT", "SMA-0", "SMA-1", "SMA-2", "NPA"] as const;
export type DpdBucket = (typeof DPD_BUCKETS)[number];

/** Days past due: days since the oldest instalment still unpaid fell due (0 if none is overdue). */
export function daysPastDue(
  state: Pick<LoanProjection, "instalments" | "status">,
  businessDate: IsoDate,
): number {
  if (state.status !== "ACTIVE") return 0;
  const overdue = state.instalments.find((row) => unpaidOf(row) > 0n && row.dueDate < businessDate);
  return overdue ? daysBetween(overdue.dueDate, businessDate) : 0;
}

/** RBI SMA classes: SMA-0 1-30 days, SMA-1 31-60, SMA-2 61-90, NPA beyond 90. */
export function dpdBucket(dpd: number): DpdBucket {
  if (dpd <= 0) return "CURRENT";
  if (dpd <= 30) return "SMA-0";
  if (dpd <= 60) return "SMA-1";
  if (dpd <= 90) return "SMA-2";
  return "NPA";
}

/** The range of "oldest unpaid due date" values that puts a loan in `bucket` on `businessDate`. */
export function dueDateRangeForBucket(
  bucket: DpdBucket,
  businessDate: IsoDate,
): { from?: IsoDate; to?: IsoDate } {
  const bounds: Record<DpdBucket, [number, number | null]> = {
    CURRENT: [0, 0],
    "SMA-0": [1, 30],
    "SMA-1": [31, 60],
    "SMA-2": [61, 90],
    NPA: [91, null],
  };
  const [min, max] = bounds[bucket];
  // dpd = businessDate - dueDate, so dueDate = businessDate - dpd.
  return {
    to: addDays(businessDate, -min),
    from: max === null ? undefined : addDays(businessDate, -max),
  };
}
