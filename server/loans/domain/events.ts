/**
 * The loan's events and the projection they fold into (pure).
 *
 * Every decision (how a payment is split, what a prepayment does to the schedule) is taken when the
 * command runs and written INTO the event, so folding the events is plain arithmetic: a rebuild from
 * scratch gives exactly the live projection, whatever version of the rules took the decisions.
 */
import type { IsoDate } from "./dates";
import { fromJsonSafe, type JsonWithBigint, toJsonSafe } from "./json";

export type AllocationOrder = "INTEREST_FIRST" | "PRINCIPAL_FIRST";

export interface InstalmentState {
  number: number;
  kind: "DOWN_PAYMENT" | "INSTALMENT";
  dueDate: IsoDate;
  principalDuePaise: bigint;
  interestDuePaise: bigint;
  feesDuePaise: bigint;
  principalPaidPaise: bigint;
  interestPaidPaise: bigint;
  feesPaidPaise: bigint;
}

/** A charge levied outside the schedule: an upfront fee at booking or a contingent charge from the KFS. */
export interface ChargeState {
  id: number;
  code: string;
  name: string;
  /** PENAL charges are never capitalised and accrue no interest. */
  kind: "FEE" | "PENAL";
  amountPaise: bigint;
  paidPaise: bigint;
  leviedOn: IsoDate;
  waived: boolean;
}

export interface LoanProjection {
  loanId: string;
  version: number;
  status: "ACTIVE" | "CLOSED" | "CANCELLED";
  principalPaise: bigint;
  disbursalDate: IsoDate;
  disbursed: boolean;
  allocationOrder: AllocationOrder;
  coolingOffUntil: IsoDate;
  instalments: InstalmentState[];
  charges: ChargeState[];
  received: {
    principalPaise: bigint;
    interestPaise: bigint;
    feesPaise: bigint;
    penalPaise: bigint;
    totalPaise: bigint;
  };
  suspensePaise: bigint;
  refundDuePaise: bigint;
  lastPaymentOn: IsoDate | null;
  rescheduleCount: number;
  prepayments: { on: IsoDate; principalPaise: bigint; mode: "REDUCE_EMI" | "REDUCE_TENURE" }[];
  closedOn: IsoDate | null;
  closureReason: string | null;
}

/** How one payment was split: per instalment, per charge, and what was left over. */
export interface Allocation {
  instalments: { number: number; principalPaise: bigint; interestPaise: bigint; feesPaise: bigint }[];
  charges: { id: number; amountPaise: bigint }[];
  /** Received but owed back to the borrower (paid more than was due). */
  excessPaise: bigint;
}

export interface ScheduleRowInput {
  number: number;
  kind: "DOWN_PAYMENT" | "INSTALMENT";
  dueDate: IsoDate;
  principalPaise: bigint;
  interestPaise: bigint;
  feesPaise: bigint;
}

export type LoanEventBody =
  | {
      type: "LoanBooked";
      principalPaise: bigint;
      disbursalDate: IsoDate;
      coolingOffUntil: IsoDate;
      allocationOrder: AllocationOrder;
      schedule: ScheduleRowInput[];
      /** Upfront KFS charges, due on the disbursal date. */
      upfrontCharges: { code: string; name: string; amountPaise: bigint }[];
      applicationId: string;
      proposalNumber: string;
    }
  | {
      type: "Disbursed";
      amountPaise: bigint;
      recipient: "MERCHANT";
      merchantOrganisationId: string;
      storeId: string;
      lenderLoanReference: string;
      on: IsoDate;
    }
  | {
      type: "ChargeLevied";
      code: string;
      name: string;
      kind: "FEE" | "PENAL";
      amountPaise: bigint;
      on: IsoDate;
      reason: string;
    }
  | {
      type: "RepaymentReceived";
      paymentId: string;
      amountPaise: bigint;
      on: IsoDate;
      allocation: Allocation;
    }
  | {
      /** Money received that could not be matched (wrong amount, closed loan): held in suspense. */
      type: "PaymentHeld";
      paymentId: string;
      amountPaise: bigint;
      on: IsoDate;
      reason: string;
    }
  | {
      type: "Prepaid";
      paymentId: string;
      amountPaise: bigint;
      on: IsoDate;
      mode: "REDUCE_EMI" | "REDUCE_TENURE";
      /** What cleared dues and completed part-paid instalments first. */
      allocation: Allocation;
      principalPrepaidPaise: bigint;
      /** The instalments from `fromNumber` on are replaced by these. */
      fromNumber: number;
      rescheduled: ScheduleRowInput[];
    }
  | {
      type: "Foreclosed";
      paymentId: string;
      amountPaise: bigint;
      on: IsoDate;
      allocation: Allocation;
      /** Interest for the days of the current period, charged instead of that period's scheduled interest. */
      accruedInterestPaise: bigint;
      /** Scheduled interest of future periods not charged. */
      interestForgonePaise: bigint;
      /** Fees on future instalments not yet due that are still collected (from the KFS). */
    }
  | {
      type: "CoolingOffExited";
      paymentId: string;
      amountPaise: bigint;
      on: IsoDate;
      principalPaise: bigint;
      /** The APR for the days held, pro rata. */
      costPaise: bigint;
      /** Interest and fees already paid, counted against the cost. */
      alreadyPaidPaise: bigint;
      refundPaise: bigint;
      /** Unpaid fees and penal charges waived (no penalty on a cooling-off exit). */
      waivedFeesPaise: bigint;
      waivedPenalPaise: bigint;
    }
  | {
      type: "Cancelled";
      reason: string;
      on: IsoDate;
      /** What the merchant returned to the lender (the purchase price financed). */
      merchantRefundPaise: bigint;
      /** What the borrower gets back (principal, interest and fees they paid). */
      borrowerRefundPaise: bigint;
      waivedFeesPaise: bigint;
      waivedPenalPaise: bigint;
    }
  | { type: "Closed"; on: IsoDate; reason: string };

export type LoanEventType = LoanEventBody["type"];

export interface StoredLoanEvent {
  loanId: string;
  version: number;
  body: LoanEventBody;
}

export class LoanRuleError extends Error {
  override readonly name = "LoanRuleError";
}

function emptyProjection(loanId: string): LoanProjection {
  return {
    loanId,
    version: 0,
    status: "ACTIVE",
    principalPaise: 0n,
    disbursalDate: "1970-01-01",
    disbursed: false,
    allocationOrder: "INTEREST_FIRST",
    coolingOffUntil: "1970-01-01",
    instalments: [],
    charges: [],
    received: { principalPaise: 0n, interestPaise: 0n, feesPaise: 0n, penalPaise: 0n, totalPaise: 0n },
    suspensePaise: 0n,
    refundDuePaise: 0n,
    lastPaymentOn: null,
    rescheduleCount: 0,
    prepayments: [],
    closedOn: null,
    closureReason: null,
  };
}

function toInstalment(row: ScheduleRowInput): InstalmentState {
  return {
    number: row.number,
    kind: row.kind,
    dueDate: row.dueDate,
    principalDuePaise: row.principalPaise,
    interestDuePaise: row.interestPaise,
    feesDuePaise: row.feesPaise,
    principalPaidPaise: 0n,
    interestPaidPaise: 0n,
    feesPaidPaise: 0n,
  };
}

function applyAllocation(state: LoanProjection, allocation: Allocation, on: IsoDate, amount: bigint) {
  for (const part of allocation.instalments) {
    const row = state.instalments.find((candidate) => candidate.number === part.number);
    if (!row) throw new LoanRuleError(`allocation names instalment ${part.number}, which does not exist`);
    row.principalPaidPaise += part.principalPaise;
    row.interestPaidPaise += part.interestPaise;
    row.feesPaidPaise += part.feesPaise;
    if (
      row.principalPaidPaise > row.principalDuePaise ||
      row.interestPaidPaise > row.interestDuePaise ||
      row.feesPaidPaise > row.feesDuePaise
    ) {
      throw new LoanRuleError(`instalment ${row.number} would be overpaid`);
    }
    state.received.principalPaise += part.principalPaise;
    state.received.interestPaise += part.interestPaise;
    state.received.feesPaise += part.feesPaise;
  }
  for (const part of allocation.charges) {
    const charge = state.charges.find((candidate) => candidate.id === part.id);
    if (!charge) throw new LoanRuleError(`allocation names charge ${part.id}, which does not exist`);
    charge.paidPaise += part.amountPaise;
    if (charge.paidPaise > charge.amountPaise)
      throw new LoanRuleError(`charge ${charge.id} would be overpaid`);
    if (charge.kind === "PENAL") state.received.penalPaise += part.amountPaise;
    else state.received.feesPaise += part.amountPaise;
  }
  state.refundDuePaise += allocation.excessPaise;
  state.received.totalPaise += amount;
  state.lastPaymentOn = on;
}

function requireActive(state: LoanProjection, type: string) {
  if (state.version === 0) throw new LoanRuleError(`${type} before the loan was booked`);
  if (state.status !== "ACTIVE") throw new LoanRuleError(`${type} on a ${state.status.toLowerCase()} loan`);
}

/** Folds one event into the projection (returns a new object; the input is not changed). */
export function applyEvent(previous: LoanProjection | null, event: StoredLoanEvent): LoanProjection {
  const state: LoanProjection = previous ? structuredClone(previous) : emptyProjection(event.loanId);
  if (event.version !== state.version + 1) {
    throw new LoanRuleError(`event version ${event.version} does not follow ${state.version}`);
  }
  const body = event.body;
  switch (body.type) {
    case "LoanBooked": {
      if (state.version !== 0) throw new LoanRuleError("a loan is booked once");
      state.principalPaise = body.principalPaise;
      state.disbursalDate = body.disbursalDate;
      state.coolingOffUntil = body.coolingOffUntil;
      state.allocationOrder = body.allocationOrder;
      state.instalments = body.schedule.map(toInstalment);
      state.charges = body.upfrontCharges.map((charge, index) => ({
        id: index + 1,
        code: charge.code,
        name: charge.name,
        kind: "FEE",
        amountPaise: charge.amountPaise,
        paidPaise: 0n,
        leviedOn: body.disbursalDate,
        waived: false,
      }));
      break;
    }
    case "Disbursed":
      requireActive(state, body.type);
      if (state.disbursed) throw new LoanRuleError("the loan is already disbursed");
      if (body.amountPaise !== state.principalPaise)
        throw new LoanRuleError("disbursal must equal the principal");
      state.disbursed = true;
      break;
    case "ChargeLevied":
      requireActive(state, body.type);
      state.charges.push({
        id: state.charges.length + 1,
        code: body.code,
        name: body.name,
        kind: body.kind,
        amountPaise: body.amountPaise,
        paidPaise: 0n,
        leviedOn: body.on,
        waived: false,
      });
      break;
    case "RepaymentReceived":
      requireActive(state, body.type);
      applyAllocation(state, body.allocation, body.on, body.amountPaise);
      break;
    case "PaymentHeld":
      if (state.version === 0) throw new LoanRuleError("payment before the loan was booked");
      state.suspensePaise += body.amountPaise;
      state.received.totalPaise += body.amountPaise;
      break;
    case "Prepaid": {
      requireActive(state, body.type);
      applyAllocation(state, body.allocation, body.on, body.amountPaise - body.principalPrepaidPaise);
      state.received.totalPaise += body.principalPrepaidPaise;
      state.received.principalPaise += body.principalPrepaidPaise;
      const kept = state.instalments.filter((row) => row.number < body.fromNumber);
      const replaced = state.instalments.filter((row) => row.number >= body.fromNumber);
      if (replaced.some((row) => row.principalPaidPaise + row.interestPaidPaise + row.feesPaidPaise > 0n)) {
        throw new LoanRuleError("a prepayment may only reschedule instalments nothing was paid on");
      }
      const replacedPrincipal = replaced.reduce((sum, row) => sum + row.principalDuePaise, 0n);
      const newPrincipal = body.rescheduled.reduce((sum, row) => sum + row.principalPaise, 0n);
      if (replacedPrincipal - body.principalPrepaidPaise !== newPrincipal) {
        throw new LoanRuleError("the rescheduled principal does not match the prepayment");
      }
      state.prepayments.push({ on: body.on, principalPaise: body.principalPrepaidPaise, mode: body.mode });
      state.instalments = [
        ...kept,
        ...body.rescheduled.map((row, index) => toInstalment({ ...row, number: body.fromNumber + index })),
      ];
      state.rescheduleCount += 1;
      break;
    }
    case "Foreclosed": {
      requireActive(state, body.type);
      // Future interest is not owed: the current period's interest becomes the accrued amount.
      settleInterestForExit(state, body.on, body.accruedInterestPaise);
      applyAllocation(state, body.allocation, body.on, body.amountPaise);
      break;
    }
    case "CoolingOffExited": {
      requireActive(state, body.type);
      waiveAll(state);
      for (const row of state.instalments) {
        row.principalPaidPaise = row.principalDuePaise;
        // Interest and fees beyond what was paid are not owed: the exit cost replaces them.
        row.interestDuePaise = row.interestPaidPaise;
        row.feesDuePaise = row.feesPaidPaise;
      }
      state.received.principalPaise += body.principalPaise;
      state.received.interestPaise += body.costPaise - minBig(body.costPaise, body.alreadyPaidPaise);
      state.received.totalPaise += body.amountPaise;
      state.refundDuePaise += body.refundPaise;
      state.lastPaymentOn = body.on;
      break;
    }
    case "Cancelled": {
      requireActive(state, body.type);
      waiveAll(state);
      for (const row of state.instalments) {
        row.principalDuePaise = row.principalPaidPaise;
        row.interestDuePaise = row.interestPaidPaise;
        row.feesDuePaise = row.feesPaidPaise;
      }
      state.refundDuePaise += body.borrowerRefundPaise;
      state.status = "CANCELLED";
      state.closedOn = body.on;
      state.closureReason = body.reason;
      break;
    }
    case "Closed":
      requireActive(state, body.type);
      state.status = "CLOSED";
      state.closedOn = body.on;
      state.closureReason = body.reason;
      break;
  }
  state.version = event.version;
  return state;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function waiveAll(state: LoanProjection) {
  for (const charge of state.charges) {
    if (charge.paidPaise < charge.amountPaise) {
      charge.amountPaise = charge.paidPaise;
      charge.waived = true;
    }
  }
}

/**
 * At an exit on `on`: instalments not yet due owe no interest except the current period's accrued
 * interest, which is placed on the first instalment not yet due.
 */
export function settleInterestForExit(state: LoanProjection, on: IsoDate, accruedInterestPaise: bigint) {
  let first = true;
  for (const row of state.instalments) {
    if (row.dueDate <= on) continue;
    row.interestDuePaise =
      first && accruedInterestPaise > row.interestPaidPaise ? accruedInterestPaise : row.interestPaidPaise;
    first = false;
  }
}

export function foldEvents(events: readonly StoredLoanEvent[]): LoanProjection | null {
  let state: LoanProjection | null = null;
  for (const event of events) state = applyEvent(state, event);
  return state;
}

// ---------------------------------------------------------------------------------------------------
// Derived figures

export function unpaidOf(row: InstalmentState): bigint {
  return (
    row.principalDuePaise -
    row.principalPaidPaise +
    (row.interestDuePaise - row.interestPaidPaise) +
    (row.feesDuePaise - row.feesPaidPaise)
  );
}

export function outstandingPrincipal(state: LoanProjection): bigint {
  return state.instalments.reduce((sum, row) => sum + row.principalDuePaise - row.principalPaidPaise, 0n);
}

export function unpaidCharges(state: LoanProjection, kind?: "FEE" | "PENAL"): bigint {
  return state.charges
    .filter((charge) => !kind || charge.kind === kind)
    .reduce((sum, charge) => sum + charge.amountPaise - charge.paidPaise, 0n);
}

/** Everything still owed under the schedule as it stands (principal, scheduled interest, fees, charges). */
export function totalOutstanding(state: LoanProjection): bigint {
  return state.instalments.reduce((sum, row) => sum + unpaidOf(row), 0n) + unpaidCharges(state);
}

export function oldestUnpaid(state: LoanProjection): InstalmentState | null {
  return state.instalments.find((row) => unpaidOf(row) > 0n) ?? null;
}

/** The first instalment not fully paid whose due date is today or later (what "next EMI" shows). */
export function nextDue(state: LoanProjection, businessDate: IsoDate): InstalmentState | null {
  return (
    state.instalments.find((row) => unpaidOf(row) > 0n && row.dueDate >= businessDate) ?? oldestUnpaid(state)
  );
}

export function projectionToJson(state: LoanProjection): JsonWithBigint {
  return toJsonSafe(state);
}

export function projectionFromJson(json: unknown): LoanProjection {
  return fromJsonSafe<LoanProjection>(json);
}

export function eventBodyToJson(body: LoanEventBody): JsonWithBigint {
  return toJsonSafe(body);
}

export function eventBodyFromJson(json: unknown): LoanEventBody {
  return fromJsonSafe<LoanEventBody>(json);
}
