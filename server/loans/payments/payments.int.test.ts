import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ownerScope } from "@/server/auth/scope";
import { systemActor, userActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { createTestStack } from "@/test/int/harness";
import { startTestSandbox } from "@/test/int/sandbox";
import { seedTestData } from "@/test/int/seed";
import { bookLoanFromAcceptedOffer } from "../book.service";
import { reconcileLoan } from "../integrity.service";
import { demoAcceptedOffer, demoTerms } from "../offer-fixture";
import { rebuildLoanStates } from "../projections.service";
import { gatewayConfig, hmacHex } from "./gateway-client";
import { handleGatewayWebhook, startLoanPayment } from "./payments.service";

const sandbox = await startTestSandbox();
const stack = await createTestStack("loanspay", { sandboxUrl: sandbox.url });
const { db } = stack;
await seedTestData(db);
const shopper = await db.user.findFirstOrThrow({ where: { roles: { has: "shopper" } } });
const store = await db.store.findFirstOrThrow({ where: { code: "METRO-KOR" } });
const gateway = gatewayConfig(sandbox.url);
const clock = fixedClock("2026-03-20T06:00:00Z");
const systemCtx = { actor: systemActor("test"), correlationId: "corr-loans-pay-0001", ip: null, clock };
const shopperActor = userActor({ id: shopper.id, roles: ["shopper"], organisationId: null });
const shopperCtx = { ...systemCtx, actor: shopperActor };

// Flux's webhook endpoint over real HTTP (the route handler's logic, without Next).
const receiver = new Hono();
receiver.post("/api/payments/webhook", async (c) => {
  const result = await handleGatewayWebhook({ db, webhookSecret: gateway.webhookSecret }, systemCtx, {
    rawBody: await c.req.text(),
    signature: c.req.header("x-razorpay-signature") ?? null,
    eventId: c.req.header("x-razorpay-event-id") ?? null,
  });
  return c.json({ outcome: result.outcome }, result.status as 200);
});
const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const instance = serve({ fetch: receiver.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(instance));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const deps = { db, gateway, appUrl };

async function setMode(mode: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${sandbox.url}/gateway/_mode`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode, ...extra }),
  });
  expect(response.status).toBe(200);
}
afterEach(() => setMode("normal"));

async function book() {
  return bookLoanFromAcceptedOffer(
    stack.deps,
    { ...systemCtx, clock: fixedClock("2026-03-06T06:00:00Z") },
    demoAcceptedOffer({
      borrower: { userId: shopper.id, name: shopper.name, phone: shopper.phone ?? "+919876543210" },
      merchant: { organisationId: store.organisationId, storeId: store.id },
      terms: demoTerms({ charges: [] }),
    }),
  );
}

async function pay(
  loanId: string,
  intent: Parameters<typeof startLoanPayment>[3]["intent"],
  key: string,
  amountPaise?: bigint,
) {
  const started = await startLoanPayment(deps, shopperCtx, ownerScope(shopperActor), {
    loanId,
    intent,
    amountPaise,
    idempotencyKey: key,
  });
  const settled = await fetch(`${sandbox.url}/gateway/_settle/${started.orderId}`, {
    method: "POST",
    body: "{}",
  });
  expect(settled.status).toBe(200);
  return started;
}

const outcomes = async () =>
  (await db.paymentWebhook.findMany({ orderBy: { receivedAt: "asc" } })).map((row) => row.outcome);

describe("repayments through the sandbox gateway", () => {
  it("pays the EMI due: order at the gateway, signed webhook over HTTP, schedule updated, replay-safe start", async () => {
    const loan = await book();
    const started = await pay(loan.loanId, "EMI", "emi-key-0001");
    expect(started.checkoutUrl).toBe(`${sandbox.url}/gateway/checkout/${started.orderId}`);
    const record = await db.loanPayment.findUniqueOrThrow({ where: { id: started.paymentId } });
    expect(record).toMatchObject({ status: "APPLIED", receivedPaise: started.amountPaise });
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: loan.loanId } });
    expect(state.paidPaise).toBe(started.amountPaise);
    const replay = await startLoanPayment(deps, shopperCtx, ownerScope(shopperActor), {
      loanId: loan.loanId,
      intent: "EMI",
      idempotencyKey: "emi-key-0001",
    });
    expect(replay.paymentId).toBe(started.paymentId);
    expect(await db.loanPayment.count({ where: { loanId: loan.loanId } })).toBe(1);
  });

  it("refuses another borrower's loan", async () => {
    const loan = await book();
    const stranger = userActor({
      id: "0190f1b2-0000-7000-8000-0000000000ff",
      roles: ["shopper"],
      organisationId: null,
    });
    await expect(
      startLoanPayment(deps, { ...systemCtx, actor: stranger }, ownerScope(stranger), {
        loanId: loan.loanId,
        intent: "EMI",
        idempotencyKey: "stranger-0001",
      }),
    ).rejects.toThrow(/no such loan/);
  });

  it("applies a duplicated webhook once, and treats a failure arriving after the capture as stale", async () => {
    const loan = await book();
    await setMode("duplicate");
    const first = await pay(loan.loanId, "EMI", "dup-key-0001");
    await setMode("out-of-order");
    const second = await pay(loan.loanId, "EMI", "ooo-key-0001");
    const events = await db.loanEvent.findMany({ where: { loanId: loan.loanId, type: "RepaymentReceived" } });
    expect(events).toHaveLength(2);
    const rows = await db.paymentWebhook.findMany({ where: { body: { contains: first.orderId } } });
    expect(rows.map((row) => row.outcome).sort()).toEqual(["applied", "duplicate"]);
    const later = await db.paymentWebhook.findMany({ where: { body: { contains: second.orderId } } });
    expect(later.map((row) => row.outcome).sort()).toEqual(["applied", "stale"]);
    expect((await db.loanPayment.findUniqueOrThrow({ where: { id: second.paymentId } })).status).toBe(
      "APPLIED",
    );
  });

  it("refuses and logs a webhook with a bad signature; nothing is applied", async () => {
    const loan = await book();
    await setMode("bad-signature");
    const started = await pay(loan.loanId, "EMI", "bad-sig-0001");
    expect((await db.loanPayment.findUniqueOrThrow({ where: { id: started.paymentId } })).status).toBe(
      "CREATED",
    );
    const row = await db.paymentWebhook.findFirstOrThrow({ where: { body: { contains: started.orderId } } });
    expect(row).toMatchObject({ signatureOk: false, outcome: "bad-signature" });
    expect(await db.loanEvent.count({ where: { loanId: loan.loanId } })).toBe(2);
    const attempts = (await (await fetch(`${sandbox.url}/gateway/_webhooks`)).json()) as {
      orderId: string;
      status: number;
    }[];
    expect(attempts.find((attempt) => attempt.orderId === started.orderId)?.status).toBe(401);
  });

  it("holds an amount below what was asked in suspense and flags it", async () => {
    const loan = await book();
    await setMode("amount-mismatch", { amountDeltaPaise: -500 });
    const started = await pay(loan.loanId, "EMI", "short-key-0001");
    const record = await db.loanPayment.findUniqueOrThrow({ where: { id: started.paymentId } });
    expect(record.status).toBe("SUSPENSE");
    expect(record.flagReason).toMatch(/less than/);
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: loan.loanId } });
    expect(state.suspensePaise).toBe(started.amountPaise - 500n);
    const suspense = await db.ledgerPosting.aggregate({
      where: { loanId: loan.loanId, account: "SUSPENSE" },
      _sum: { amountPaise: true },
    });
    expect(suspense._sum.amountPaise).toBe(-(started.amountPaise - 500n));
  });

  it("forecloses with more than the payoff: the loan closes, the excess is owed back, the no-dues job is emitted", async () => {
    const loan = await book();
    await setMode("amount-mismatch", { amountDeltaPaise: 2_500 });
    const started = await pay(loan.loanId, "FORECLOSE", "fc-key-0001");
    const record = await db.loanPayment.findUniqueOrThrow({ where: { id: started.paymentId } });
    expect(record.status).toBe("APPLIED");
    expect(record.flagReason).toMatch(/overpaid by ₹25/);
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: loan.loanId } });
    expect(state.status).toBe("CLOSED");
    expect(state.totalOutstandingPaise).toBe(0n);
    const refund = await db.ledgerPosting.aggregate({
      where: { loanId: loan.loanId, account: "BORROWER_REFUND_PAYABLE" },
      _sum: { amountPaise: true },
    });
    expect(refund._sum.amountPaise).toBe(-2_500n);
    expect(await db.outboxEvent.count({ where: { jobId: `loans.no-dues.${loan.loanId}` } })).toBe(1);
    // Money arriving for the closed loan is held, not applied.
    await setMode("normal");
    await expect(
      startLoanPayment(deps, shopperCtx, ownerScope(shopperActor), {
        loanId: loan.loanId,
        intent: "EMI",
        idempotencyKey: "closed-0001",
      }),
    ).rejects.toThrow(/closed/);
  });

  it("prepays (reduce tenure) and exits in the cooling-off period through the gateway", async () => {
    const loan = await book();
    await pay(loan.loanId, "PREPAY_REDUCE_TENURE", "prepay-key-0001", 1_000_000n);
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: loan.loanId } });
    expect(state.outstandingPrincipalPaise).toBe(4_500_000n - 1_000_000n);
    const instalments = (state.state as { instalments: unknown[] }).instalments;
    expect(instalments.length).toBeLessThan(6);
    await expect(
      startLoanPayment(deps, shopperCtx, ownerScope(shopperActor), {
        loanId: loan.loanId,
        intent: "COOLING_OFF_EXIT",
        idempotencyKey: "late-exit-0001",
      }),
    ).rejects.toThrow(/cooling-off period ended/);

    const fresh = await book();
    clock.set("2026-03-08T06:00:00Z"); // two days after disbursal, for the app and the webhook alike
    try {
      const started = await startLoanPayment(deps, shopperCtx, ownerScope(shopperActor), {
        loanId: fresh.loanId,
        intent: "COOLING_OFF_EXIT",
        idempotencyKey: "exit-key-0001",
      });
      expect(started.amountPaise).toBeGreaterThan(4_500_000n);
      await fetch(`${sandbox.url}/gateway/_settle/${started.orderId}`, { method: "POST", body: "{}" });
      const closed = await db.loanState.findUniqueOrThrow({ where: { loanId: fresh.loanId } });
      expect(closed).toMatchObject({ status: "CLOSED", closureReason: "Exited in the cooling-off period" });
    } finally {
      clock.set("2026-03-20T06:00:00Z");
    }
  });

  it("200 concurrent repayment webhooks on one loan: each applied once, journals balance, no lost update", async () => {
    const loan = await book();
    const payments = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        db.loanPayment.create({
          data: {
            loanId: loan.loanId,
            intent: "EMI",
            expectedPaise: 500n + BigInt(index),
            gatewayOrderId: `order_conc_${index}`,
            createdAt: new Date(),
          },
        }),
      ),
    );
    const bodies = payments.map((payment, index) =>
      JSON.stringify({
        event: "payment.captured",
        payload: {
          payment: {
            entity: {
              id: `pay_conc_${index}`,
              order_id: payment.gatewayOrderId,
              amount: 500 + index,
              status: "captured",
            },
          },
        },
      }),
    );
    // Every webhook at once, and 50 of them twice.
    const results = await Promise.all(
      [...bodies, ...bodies.slice(0, 50)].map((rawBody) =>
        handleGatewayWebhook({ db, webhookSecret: gateway.webhookSecret }, systemCtx, {
          rawBody,
          signature: hmacHex(gateway.webhookSecret, rawBody),
          eventId: null,
        }),
      ),
    );
    expect(results.filter((result) => result.outcome === "applied")).toHaveLength(200);
    expect(results.filter((result) => result.outcome === "duplicate")).toHaveLength(50);
    const total = Array.from({ length: 200 }, (_, index) => 500n + BigInt(index)).reduce((a, b) => a + b, 0n);
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: loan.loanId } });
    expect(state.paidPaise).toBe(total);
    expect(state.version).toBe(202);
    const unbalanced = await db.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM (SELECT journal_id FROM ledger_posting WHERE loan_id = $1::uuid GROUP BY journal_id HAVING sum(amount_paise) <> 0) t",
      loan.loanId,
    );
    expect(unbalanced[0]?.n).toBe(0n);
    expect((await reconcileLoan(db, loan.loanId))?.agrees).toBe(true);
    expect((await rebuildLoanStates(db, { loanIds: [loan.loanId] })).mismatches).toEqual([]);
    expect(await outcomes()).toContain("duplicate");
  });
});
