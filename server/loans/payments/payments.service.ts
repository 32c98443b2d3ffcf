/**
 * Borrower payments through the gateway: start a payment (an order at the gateway, idempotent per client
 * key), and apply the gateway's signed webhooks to the loan.
 *
 * Webhooks: a bad signature is refused (401) and logged; every webhook is recorded; duplicates are applied
 * once (the loan_payment row remembers the gateway payment id, and writers to one loan are serialised by
 * the projection row lock); out-of-order events are handled (a failure after a capture is stale; a
 * capture after a failure still applies); an amount below what the payment was for is held in suspense
 * and flagged; an amount above it is applied (the excess becomes a refund due) and flagged; money for a
 * closed loan is held in suspense.
 */
import type { OwnerScope } from "../../auth/scope";
import type { Db } from "../../platform/db/client";
import { env } from "../../platform/env";
import { AppError } from "../../platform/errors";
import { runIdempotentCommand } from "../../platform/idempotency/idempotency";
import { logger } from "../../platform/logger";
import type { CommandContext } from "../../platform/unit-of-work";
import type { IsoDate } from "../domain/dates";
import { decidePrepayment, dueNow, quoteCoolingOff, quoteForeclosure } from "../domain/decide";
import {
  type LoanProjection,
  LoanRuleError,
  nextDue,
  outstandingPrincipal,
  unpaidOf,
} from "../domain/events";
import { formatRupees } from "../domain/money";
import { loadProjection } from "../event-store";
import {
  businessDateOf,
  decidePayment,
  type LoanHeader,
  loadHeaderFrom,
  type PaymentIntent,
  runLoanCommand,
} from "../loan-commands.service";
import {
  createGatewayOrder,
  type GatewayConfig,
  GatewayError,
  gatewayConfig,
  verifyWebhookSignature,
} from "./gateway-client";

export const PAYMENT_INTENTS = [
  "EMI",
  "PREPAY_REDUCE_EMI",
  "PREPAY_REDUCE_TENURE",
  "FORECLOSE",
  "COOLING_OFF_EXIT",
] as const satisfies readonly PaymentIntent[];

/** What a payment of this intent must be today (prepayments take the borrower's amount). */
export function expectedAmount(
  state: LoanProjection,
  loan: LoanHeader,
  intent: PaymentIntent,
  on: IsoDate,
  requested?: bigint,
): bigint {
  if (state.status !== "ACTIVE") throw new LoanRuleError(`the loan is ${state.status.toLowerCase()}`);
  switch (intent) {
    case "EMI": {
      const due = dueNow(state, on);
      if (due > 0n) return due;
      const next = nextDue(state, on);
      if (!next) throw new LoanRuleError("nothing is due on this loan");
      return unpaidOf(next);
    }
    case "PREPAY_REDUCE_EMI":
    case "PREPAY_REDUCE_TENURE": {
      if (!requested || requested < 100_00n)
        throw new LoanRuleError("enter an amount of at least ₹100 to prepay");
      // Dry run: refuses amounts that only cover dues or the whole loan.
      decidePrepayment(state, loan.terms, {
        paymentId: "dry-run",
        amountPaise: requested,
        on,
        mode: intent === "PREPAY_REDUCE_EMI" ? "REDUCE_EMI" : "REDUCE_TENURE",
        emiPaise: loan.emiPaise,
      });
      return requested;
    }
    case "FORECLOSE":
      return quoteForeclosure(state, loan.terms.contingentCharges, on).payablePaise;
    case "COOLING_OFF_EXIT": {
      const quote = quoteCoolingOff(state, loan.aprBps, on);
      if (!quote.eligible) throw new LoanRuleError(`the cooling-off period ended on ${quote.until}`);
      return quote.payablePaise;
    }
  }
}

export interface PaymentDeps {
  db: Db;
  gateway: GatewayConfig;
  appUrl: string;
}

export interface StartedPayment {
  paymentId: string;
  orderId: string;
  checkoutUrl: string;
  amountPaise: bigint;
}

/** Starts a payment on the borrower's own loan: records it and opens an order at the gateway. */
export async function startLoanPayment(
  deps: PaymentDeps,
  ctx: CommandContext,
  owner: OwnerScope,
  input: { loanId: string; intent: PaymentIntent; amountPaise?: bigint; idempotencyKey: string },
): Promise<StartedPayment> {
  const { response } = await runIdempotentCommand(
    deps,
    ctx,
    {
      key: input.idempotencyKey,
      operation: "loans.payment.start",
      request: {
        loanId: input.loanId,
        intent: input.intent,
        amountPaise: input.amountPaise?.toString() ?? null,
      },
    },
    async (uow) => {
      const loan = await uow.tx.loan.findUnique({ where: { id: input.loanId } });
      if (!loan || loan.borrowerUserId !== owner.userId)
        throw new AppError("NOT_FOUND", "There is no such loan.");
      const state = await loadProjection(uow.tx, input.loanId);
      if (!state) throw new AppError("NOT_FOUND", "There is no such loan.");
      const header = loadHeaderFrom(loan);
      let amount: bigint;
      try {
        amount = expectedAmount(state, header, input.intent, businessDateOf(ctx), input.amountPaise);
      } catch (error) {
        if (error instanceof LoanRuleError) throw new AppError("UNPROCESSABLE", error.message);
        throw error;
      }
      const payment = await uow.tx.loanPayment.create({
        data: { loanId: loan.id, intent: input.intent, expectedPaise: amount, createdAt: uow.now },
      });
      let order: { orderId: string; checkoutUrl: string };
      try {
        order = await createGatewayOrder(deps.gateway, {
          amountPaise: amount,
          receipt: payment.id,
          notes: { loanId: loan.id, paymentId: payment.id, intent: input.intent, reference: loan.reference },
          webhookUrl: `${deps.appUrl}/api/payments/webhook`,
          callbackUrl: `${deps.appUrl}/checkout/home/loans/${loan.id}?payment=${payment.id}`,
        });
      } catch (error) {
        if (error instanceof GatewayError) {
          throw new AppError("UNAVAILABLE", "The payment gateway is not answering. Try again in a minute.", {
            cause: error,
          });
        }
        throw error;
      }
      await uow.tx.loanPayment.update({ where: { id: payment.id }, data: { gatewayOrderId: order.orderId } });
      uow.audit({
        action: "loan.payment_started",
        entityType: "loan",
        entityId: loan.id,
        data: { paymentId: payment.id, intent: input.intent, amountPaise: amount, orderId: order.orderId },
      });
      return {
        paymentId: payment.id,
        orderId: order.orderId,
        checkoutUrl: order.checkoutUrl,
        amountPaise: amount,
      };
    },
  );
  return response;
}

export type WebhookOutcome =
  | "applied"
  | "applied-overpaid"
  | "suspense"
  | "duplicate"
  | "stale"
  | "failed"
  | "unknown-order"
  | "ignored"
  | "malformed"
  | "bad-signature";

interface GatewayPayment {
  id: string;
  order_id: string;
  amount: number;
  status: string;
}

function parseWebhook(
  raw: string,
): { event: string; payment: GatewayPayment | null; eventId: string | null } | null {
  try {
    const body = JSON.parse(raw) as {
      event?: unknown;
      payload?: { payment?: { entity?: Partial<GatewayPayment> } };
    };
    if (typeof body.event !== "string") return null;
    const entity = body.payload?.payment?.entity;
    const payment =
      entity &&
      typeof entity.id === "string" &&
      typeof entity.order_id === "string" &&
      Number.isSafeInteger(entity.amount) &&
      (entity.amount as number) > 0
        ? (entity as GatewayPayment)
        : null;
    return { event: body.event, payment, eventId: null };
  } catch {
    return null;
  }
}

async function recordWebhook(
  db: Db,
  row: { eventId: string | null; signatureOk: boolean; outcome: WebhookOutcome; body: string; at: Date },
) {
  await db.paymentWebhook.create({
    data: {
      eventId: row.eventId,
      signatureOk: row.signatureOk,
      outcome: row.outcome,
      body: row.body.slice(0, 20_000),
      receivedAt: row.at,
    },
  });
}

/**
 * Applies one gateway webhook. Returns the HTTP status to answer with (401 for a bad signature, 400 for a
 * body that cannot be read, 200 otherwise so the gateway stops retrying) and what happened.
 */
export async function handleGatewayWebhook(
  deps: { db: Db; webhookSecret: string },
  ctx: CommandContext,
  request: { rawBody: string; signature: string | null; eventId: string | null },
): Promise<{ status: number; outcome: WebhookOutcome }> {
  const now = ctx.clock.now();
  if (!verifyWebhookSignature(deps.webhookSecret, request.rawBody, request.signature)) {
    logger.warn(
      { eventId: request.eventId, correlationId: ctx.correlationId },
      "payment webhook with a bad signature refused",
    );
    await recordWebhook(deps.db, {
      eventId: request.eventId,
      signatureOk: false,
      outcome: "bad-signature",
      body: request.rawBody,
      at: now,
    });
    return { status: 401, outcome: "bad-signature" };
  }
  const parsed = parseWebhook(request.rawBody);
  if (!parsed?.payment) {
    await recordWebhook(deps.db, {
      eventId: request.eventId,
      signatureOk: true,
      outcome: parsed ? "ignored" : "malformed",
      body: request.rawBody,
      at: now,
    });
    return { status: parsed ? 200 : 400, outcome: parsed ? "ignored" : "malformed" };
  }
  const payment = parsed.payment;
  const record = await deps.db.loanPayment.findUnique({ where: { gatewayOrderId: payment.order_id } });
  if (!record) {
    logger.warn({ orderId: payment.order_id, paymentId: payment.id }, "payment webhook for an unknown order");
    await recordWebhook(deps.db, {
      eventId: request.eventId,
      signatureOk: true,
      outcome: "unknown-order",
      body: request.rawBody,
      at: now,
    });
    return { status: 200, outcome: "unknown-order" };
  }
  if (parsed.event !== "payment.captured" && parsed.event !== "payment.failed") {
    await recordWebhook(deps.db, {
      eventId: request.eventId,
      signatureOk: true,
      outcome: "ignored",
      body: request.rawBody,
      at: now,
    });
    return { status: 200, outcome: "ignored" };
  }
  const { result } = await runLoanCommand<WebhookOutcome>(
    deps,
    ctx,
    record.loanId,
    async ({ state, loan, businessDate, uow }) => {
      const current = await uow.tx.loanPayment.findUniqueOrThrow({ where: { id: record.id } });
      const finish = async (outcome: WebhookOutcome, bodies: ReturnType<typeof decidePayment> = []) => {
        await uow.tx.paymentWebhook.create({
          data: {
            eventId: request.eventId,
            signatureOk: true,
            outcome,
            body: request.rawBody.slice(0, 20_000),
            receivedAt: uow.now,
          },
        });
        return { bodies, result: outcome };
      };
      if (parsed.event === "payment.failed") {
        if (current.status !== "CREATED") return finish("stale");
        await uow.tx.loanPayment.update({
          where: { id: current.id },
          data: { status: "FAILED", flagReason: "payment failed at the gateway" },
        });
        return finish("failed");
      }
      if (current.gatewayPaymentId === payment.id) return finish("duplicate");
      const amount = BigInt(payment.amount);
      const base = { paymentId: payment.id, amountPaise: amount, on: businessDate };
      const hold = async (reason: string) => {
        logger.warn({ loanId: loan.id, paymentId: payment.id, reason }, "payment held in suspense");
        await uow.tx.loanPayment.update({
          where: { id: current.id },
          data: {
            status: "SUSPENSE",
            receivedPaise: (current.receivedPaise ?? 0n) + amount,
            gatewayPaymentId: current.gatewayPaymentId ?? payment.id,
            flagReason: reason,
            settledAt: uow.now,
          },
        });
        uow.audit({
          action: "loan.payment_held",
          entityType: "loan",
          entityId: loan.id,
          data: { paymentId: current.id, reason, amountPaise: amount },
        });
        return finish("suspense", [{ type: "PaymentHeld", ...base, reason }]);
      };
      if (current.status === "APPLIED" || current.status === "SUSPENSE") {
        return hold(`a second payment (${payment.id}) for the same order`);
      }
      if (amount < current.expectedPaise) {
        return hold(
          `amount ${formatRupees(amount)} is less than the ${formatRupees(current.expectedPaise)} expected`,
        );
      }
      let bodies: ReturnType<typeof decidePayment>;
      try {
        bodies = decidePayment(state, loan, { ...base, intent: current.intent });
      } catch (error) {
        if (error instanceof LoanRuleError) return hold(error.message);
        throw error;
      }
      if (bodies.every((body) => body.type === "PaymentHeld"))
        return hold(`the loan is ${state.status.toLowerCase()}`);
      const over = amount > current.expectedPaise;
      await uow.tx.loanPayment.update({
        where: { id: current.id },
        data: {
          status: "APPLIED",
          receivedPaise: amount,
          gatewayPaymentId: payment.id,
          flagReason: over ? `overpaid by ${formatRupees(amount - current.expectedPaise)}` : null,
          settledAt: uow.now,
        },
      });
      uow.audit({
        action: "loan.payment_applied",
        entityType: "loan",
        entityId: loan.id,
        data: {
          paymentId: current.id,
          gatewayPaymentId: payment.id,
          amountPaise: amount,
          intent: current.intent,
        },
      });
      return finish(over ? "applied-overpaid" : "applied", bodies);
    },
  );
  return { status: 200, outcome: result ?? "ignored" };
}

/** Outstanding principal helper re-exported for views. */
export { outstandingPrincipal };

/** Payment dependencies from the app's (the gateway is the sandbox's unless PAYMENT_GATEWAY_URL says otherwise). */
export function paymentDepsFrom(deps: { db: Db; sandboxUrl: string }): PaymentDeps {
  return { db: deps.db, gateway: gatewayConfig(deps.sandboxUrl), appUrl: env().APP_URL };
}
