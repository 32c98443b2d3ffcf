/**
 * Commands on a booked loan. Each runs in one transaction: lock the loan's projection row (writers to one
 * loan queue rather than fail), decide the events from the projection (pure rules in domain/decide.ts),
 * append them with the version read (the event store's optimistic check backs the lock up), post the
 * journals, audit.
 */
import type { OrganisationScope } from "../auth/scope";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand, type UnitOfWork } from "../platform/unit-of-work";
import { type LoanTerms, LoanTermsSchema } from "./contracts";
import { type IsoDate, istDateOf } from "./domain/dates";
import {
  decideCancellation,
  decideCharge,
  decideCoolingOffExit,
  decideForeclosure,
  decidePrepayment,
  decideRepayment,
} from "./domain/decide";
import { type LoanEventBody, type LoanProjection, LoanRuleError } from "./domain/events";
import { fromJsonSafe } from "./domain/json";
import { appendLoanEvents, loadProjection } from "./event-store";

export interface LoanHeader {
  id: string;
  reference: string;
  aprBps: number;
  emiPaise: bigint;
  terms: LoanTerms;
  merchantOrganisationId: string;
  borrowerUserId: string;
}

export function businessDateOf(ctx: Pick<CommandContext, "clock">): IsoDate {
  return istDateOf(ctx.clock.now());
}

async function loadHeader(tx: UnitOfWork["tx"] | Db, loanId: string): Promise<LoanHeader> {
  const loan = await tx.loan.findUnique({
    where: { id: loanId },
    select: {
      id: true,
      reference: true,
      aprBps: true,
      emiPaise: true,
      terms: true,
      merchantOrganisationId: true,
      borrowerUserId: true,
    },
  });
  if (!loan) throw new AppError("NOT_FOUND", "There is no such loan.");
  return loadHeaderFrom(loan);
}

/** The header from a loan row already read. */
export function loadHeaderFrom(loan: Omit<LoanHeader, "terms"> & { terms: unknown }): LoanHeader {
  return {
    id: loan.id,
    reference: loan.reference,
    aprBps: loan.aprBps,
    emiPaise: loan.emiPaise,
    merchantOrganisationId: loan.merchantOrganisationId,
    borrowerUserId: loan.borrowerUserId,
    terms: LoanTermsSchema.parse(fromJsonSafe(loan.terms)),
  };
}

/**
 * In-process queue per loan: commands on one loan from this process wait here (cheaply) rather than each
 * holding a pooled connection while blocked on the row lock; the row lock still serialises processes.
 */
const loanQueues = new Map<string, Promise<unknown>>();

async function serialisedPerLoan<T>(loanId: string, fn: () => Promise<T>): Promise<T> {
  const previous = loanQueues.get(loanId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.catch(() => undefined);
  loanQueues.set(loanId, settled);
  try {
    return await run;
  } finally {
    if (loanQueues.get(loanId) === settled) loanQueues.delete(loanId);
  }
}

/**
 * Runs a decision against the locked projection and appends its events. `decide` may throw LoanRuleError
 * (mapped to a clear UNPROCESSABLE error; nothing is written).
 */
export async function runLoanCommand<T = void>(
  deps: { db: Db },
  ctx: CommandContext,
  loanId: string,
  decide: (input: {
    state: LoanProjection;
    loan: LoanHeader;
    businessDate: IsoDate;
    uow: UnitOfWork;
  }) => Promise<{ bodies: LoanEventBody[]; result?: T }> | { bodies: LoanEventBody[]; result?: T },
): Promise<{ state: LoanProjection; result: T | undefined; bodies: LoanEventBody[] }> {
  return serialisedPerLoan(loanId, () => runLoanCommandNow(deps, ctx, loanId, decide));
}

async function runLoanCommandNow<T>(
  deps: { db: Db },
  ctx: CommandContext,
  loanId: string,
  decide: Parameters<typeof runLoanCommand<T>>[3],
): Promise<{ state: LoanProjection; result: T | undefined; bodies: LoanEventBody[] }> {
  return runCommand(deps, ctx, async (uow) => {
    const state = await loadProjection(uow.tx, loanId, { lock: true });
    if (!state) throw new AppError("NOT_FOUND", "There is no such loan.");
    const loan = await loadHeader(uow.tx, loanId);
    const businessDate = businessDateOf(ctx);
    let decided: { bodies: LoanEventBody[]; result?: T };
    try {
      decided = await decide({ state, loan, businessDate, uow });
    } catch (error) {
      if (error instanceof LoanRuleError)
        throw new AppError("UNPROCESSABLE", error.message, { cause: error });
      throw error;
    }
    if (decided.bodies.length === 0) return { state, result: decided.result, bodies: [] };
    const next = await appendLoanEvents(uow, {
      loanId,
      expectedVersion: state.version,
      before: state,
      bodies: decided.bodies,
      businessDate,
    });
    return { state: next, result: decided.result, bodies: decided.bodies };
  });
}

export type PaymentIntent =
  | "EMI"
  | "PREPAY_REDUCE_EMI"
  | "PREPAY_REDUCE_TENURE"
  | "FORECLOSE"
  | "COOLING_OFF_EXIT";

/** The events a received payment makes, by what the borrower meant to pay. */
export function decidePayment(
  state: LoanProjection,
  loan: LoanHeader,
  input: { paymentId: string; amountPaise: bigint; intent: PaymentIntent; on: IsoDate },
): LoanEventBody[] {
  const base = { paymentId: input.paymentId, amountPaise: input.amountPaise, on: input.on };
  if (state.status !== "ACTIVE") {
    return [
      { type: "PaymentHeld", ...base, reason: `received after the loan was ${state.status.toLowerCase()}` },
    ];
  }
  switch (input.intent) {
    case "EMI":
      return decideRepayment(state, base);
    case "PREPAY_REDUCE_EMI":
    case "PREPAY_REDUCE_TENURE":
      return decidePrepayment(state, loan.terms, {
        ...base,
        mode: input.intent === "PREPAY_REDUCE_EMI" ? "REDUCE_EMI" : "REDUCE_TENURE",
        emiPaise: loan.emiPaise,
      });
    case "FORECLOSE":
      return decideForeclosure(state, loan.terms.contingentCharges, base);
    case "COOLING_OFF_EXIT":
      return decideCoolingOffExit(state, loan.aprBps, base);
  }
}

/** Levies a contingent charge from the loan's KFS (operations); any other code is refused. */
export async function levyCharge(
  deps: { db: Db },
  ctx: CommandContext,
  input: { loanId: string; code: string; instalmentNumber?: number },
) {
  const { state } = await runLoanCommand(deps, ctx, input.loanId, ({ state, loan, businessDate, uow }) => {
    const bodies = decideCharge(state, loan.terms.contingentCharges, {
      code: input.code,
      on: businessDate,
      instalmentNumber: input.instalmentNumber,
    });
    uow.audit({
      action: "loan.charge_levied",
      entityType: "loan",
      entityId: input.loanId,
      data: { code: input.code },
    });
    return { bodies };
  });
  return { version: state.version };
}

/**
 * The merchant cancels the purchase / accepts a return: the merchant refunds the price to the lender and
 * the loan closes (the borrower gets back what they paid). Only the merchant that sold it may.
 */
export async function cancelLoanForRefund(
  deps: { db: Db },
  ctx: CommandContext,
  scope: OrganisationScope,
  input: { loanId: string; reason: string },
) {
  const { state } = await runLoanCommand(deps, ctx, input.loanId, ({ state, loan, businessDate, uow }) => {
    if (loan.merchantOrganisationId !== scope.organisationId) {
      throw new AppError("NOT_FOUND", "There is no such loan for your store.");
    }
    uow.audit({
      action: "loan.cancelled_by_merchant",
      entityType: "loan",
      entityId: input.loanId,
      data: { reason: input.reason, organisationId: scope.organisationId },
    });
    return { bodies: decideCancellation(state, { reason: input.reason, on: businessDate }) };
  });
  return { status: state.status, refundDuePaise: state.refundDuePaise };
}
