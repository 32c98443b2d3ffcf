/**
 * The orchestrator end to end: real PostgreSQL, Redis, BullMQ workers and the sandbox lenders over HTTP,
 * with every sandbox fault injected. No mocks; no timing thresholds (figures live in bench/checkout.ts).
 */
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { acceptOffer, cancelApplication } from "@/server/lending/applications.service";
import { checkReconciliation, expireApplication } from "@/server/lending/operations.service";
import { breakerStates, resetBreaker } from "@/server/lending/orchestrator/breaker";
import { verifyAcceptedOffer } from "@/server/loans/book.service";
import { sandboxMessageProvider } from "@/server/messaging/providers";
import { createRedis } from "@/server/platform/redis";
import { createTestStack, type TestStack } from "@/test/int/harness";
import {
  applicationStatus,
  apply,
  LENDERS,
  ledger,
  resetFaults,
  setFaults,
  shopper,
  useFastDescriptors,
  waitFor,
} from "@/test/int/lending";
import { startTestSandbox } from "@/test/int/sandbox";
import { seedTestData } from "@/test/int/seed";
import { type RunningWorkers, startWorkers } from "@/workers/runtime";
import type { Plan } from "./orchestrator";

let stack: TestStack;
let sandbox: { url: string };
let running: RunningWorkers;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stack = await createTestStack("orchestrator", { sandboxUrl: sandbox.url });
  await seedTestData(stack.db);
  await useFastDescriptors(stack, sandbox.url);
  running = await startWorkers({
    deps: {
      db: stack.db,
      clock: stack.clock,
      messageProvider: sandboxMessageProvider(sandbox.url),
      redis: stack.redis,
      redisPrefix: stack.prefix,
      sandboxUrl: sandbox.url,
    },
    db: stack.db,
    databaseUrl: stack.database.url,
    queues: stack.queues,
    createWorkerConnection: () => createRedis("worker"),
    redis: stack.redis,
    prefix: stack.prefix,
    logger: pino({ level: "silent" }),
    queueNames: ["lending", "loans", "notifications"],
    schedules: false,
    relayPollIntervalMs: 100,
  });
});

afterAll(async () => {
  await running?.stop();
});

afterEach(async () => {
  await resetFaults(sandbox.url);
  await Promise.all(LENDERS.map((code) => resetBreaker(stack.deps, code)));
});

const settled = (id: string) =>
  waitFor(
    () => applicationStatus(stack, id),
    (app) => !["SUBMITTED", "IN_PROGRESS"].includes(app.status),
    45_000,
    `application ${id} to be decided`,
  );

const planOf = (app: { plan: unknown }) => (app.plan as Plan).lenders.map((l) => l.lenderCode);

describe("waterfall", () => {
  it("offers the first approving lender's loan, calling only that lender, and a double accept makes one loan", async () => {
    const { applicationId } = await apply(stack, "METRO-KOR");
    const app = await settled(applicationId);
    expect(app.status).toBe("OFFERED");
    const first = planOf(app)[0]!;
    expect(app.offers).toHaveLength(1);
    expect(app.offers[0]!.lenderCode).toBe(first);
    expect(app.attempts.map((a) => `${a.lenderCode}:${a.kind}:${a.outcome}`)).toEqual([
      `${first}:APPLY:APPROVED`,
    ]);
    expect(app.offers[0]!.emiPaise).toBeGreaterThan(0n);
    expect(app.ruleVersion).toBe(1);

    const who = await shopper(stack);
    const accept = (key: string) =>
      acceptOffer(stack.deps, who.ctx(), who.owner, {
        applicationId,
        offerId: app.offers[0]!.id,
        idempotencyKey: key,
      });
    const results = await Promise.allSettled([
      accept("tap-one-aaaa"),
      accept("tap-two-bbbb"),
      accept("tap-one-aaaa"),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    const after = await applicationStatus(stack, applicationId);
    expect(after.status).toBe("ACCEPTED");
    expect(after.offers.filter((o) => o.status === "ACCEPTED")).toHaveLength(1);
    expect(after.acceptedOfferId).toBe(app.offers[0]!.id);
    // The loan book received exactly one booking for this application.
    const bookings = await stack.db.outboxEvent.findMany({ where: { jobName: "loans.offer.book" } });
    const mine = bookings.filter(
      (b) => (b.payload as { applicationId: string }).applicationId === applicationId,
    );
    expect(mine).toHaveLength(1);
    // The loan book accepts it as it arrives (read back from the outbox's jsonb): the KFS matches the terms.
    expect(() => verifyAcceptedOffer(mine[0]!.payload as never)).not.toThrow();
    // A later tap with yet another key is told it is already accepted, not a second loan.
    await expect(accept("tap-three-cccc")).resolves.toMatchObject({ alreadyAccepted: true });
    // The loans worker books it: one loan for the application, with the accepted lender and amount.
    const loan = await waitFor(
      () => stack.db.loan.findMany({ where: { applicationId } }),
      (loans) => loans.length > 0,
      30_000,
      `the accepted offer of ${applicationId} to be booked`,
    );
    expect(loan).toHaveLength(1);
    expect(loan[0]).toMatchObject({ lenderCode: first, principalPaise: app.offers[0]!.principalPaise });
  });

  it("reaches a decision by the deadline with the remaining lenders when the first fails and the second times out", async () => {
    const probe = await apply(stack, "METRO-KOR");
    const order = planOf(await settled(probe.applicationId));
    expect(order.length).toBeGreaterThanOrEqual(3);
    await setFaults(sandbox.url, order[0]!, { mode: "error5xx" });
    await setFaults(sandbox.url, order[1]!, { mode: "timeout", hangMs: 5_000 });
    const { applicationId } = await apply(stack, "METRO-KOR");
    const app = await settled(applicationId);
    expect(app.status).toBe("OFFERED");
    expect(app.offers.map((o) => o.lenderCode)).toEqual([order[2]]);
    const outcomes = app.attempts.map((a) => `${a.lenderCode}:${a.kind}:${a.outcome}`);
    // The failing lender was retried (jittered backoff) and then left; the silent one was never treated
    // as a decline: its fate was asked of its status endpoint, which never saw the application.
    expect(outcomes).toEqual([
      `${order[0]}:APPLY:RETRYABLE`,
      `${order[0]}:APPLY:RETRYABLE`,
      `${order[1]}:APPLY:UNKNOWN`,
      `${order[1]}:INQUIRY:NOT_FOUND`,
      `${order[2]}:APPLY:APPROVED`,
    ]);
    expect(app.decidedAt!.getTime()).toBeLessThanOrEqual(app.deadlineAt.getTime());
    for (const attempt of app.attempts)
      expect(attempt.startedAt.getTime()).toBeLessThan(app.deadlineAt.getTime());
  });

  it("no lender call starts after the deadline: every lender silent ends in a clear decline", async () => {
    for (const code of LENDERS) await setFaults(sandbox.url, code, { mode: "timeout", hangMs: 5_000 });
    const { applicationId } = await apply(stack, "METRO-KOR");
    // Once the first call is in flight, the deadline is brought to two seconds away (the default is 50 s).
    await waitFor(
      () => applicationStatus(stack, applicationId),
      (a) => a.attempts.some((attempt) => attempt.outcome === "IN_FLIGHT"),
      30_000,
      "the first call",
    );
    await stack.db.loanApplication.update({
      where: { id: applicationId },
      data: { deadlineAt: new Date(Date.now() + 2_000) },
    });
    const app = await settled(applicationId);
    expect(app.status).toBe("DECLINED");
    expect(app.declineReason).toMatch(/did not answer in time/);
    for (const attempt of app.attempts)
      expect(attempt.startedAt.getTime()).toBeLessThan(app.deadlineAt.getTime());
    expect(app.attempts.some((a) => a.outcome === "UNKNOWN")).toBe(true);
    expect(app.attempts.some((a) => a.outcome === "DECLINED")).toBe(false);
    // What stayed unknown is in the reconciliation queue.
    const items = await stack.db.reconciliationItem.findMany({ where: { applicationId } });
    expect(items.length).toBeGreaterThanOrEqual(1);
  });

  it("a declined shopper gets a plain reason", async () => {
    const { applicationId } = await apply(stack, "METRO-KOR", { pan: "ABCPE0250K" }); // bureau score 550
    const app = await settled(applicationId);
    expect(app.status).toBe("DECLINED");
    expect(app.declineReason).toMatch(/lenders|another way/);
  });
});

describe("all offers", () => {
  it("asks every eligible lender, shows willing lenders in the disclosed neutral order, and releases the others on acceptance", async () => {
    const { applicationId } = await apply(stack, "METRO-IND");
    const app = await settled(applicationId);
    expect(app.status).toBe("OFFERED");
    expect(app.mode).toBe("ALL_OFFERS");
    expect(app.offers.length).toBeGreaterThanOrEqual(2);
    const shown = [...app.offers].sort((a, b) => a.displayRank - b.displayRank);
    for (let i = 1; i < shown.length; i++)
      expect(shown[i]!.aprBps).toBeGreaterThanOrEqual(shown[i - 1]!.aprBps);

    const who = await shopper(stack);
    const chosen = shown[shown.length - 1]!;
    await acceptOffer(stack.deps, who.ctx(), who.owner, {
      applicationId,
      offerId: chosen.id,
      idempotencyKey: `all-${applicationId}`,
    });
    const after = await waitFor(
      () => applicationStatus(stack, applicationId),
      (a) => a.offers.filter((o) => o.status === "RELEASED").every((o) => o.releasedAtLender),
      20_000,
      "releases confirmed by lenders",
    );
    expect(after.offers.filter((o) => o.status === "ACCEPTED").map((o) => o.lenderCode)).toEqual([
      chosen.lenderCode,
    ]);
    // At the lenders: exactly one sanction stands for this application.
    const standing = [];
    for (const code of LENDERS) {
      const view = await ledger(sandbox.url, code, after.reference);
      standing.push(...view.entries.filter((e) => e.status === "APPROVED").map((e) => e.reference));
    }
    expect(standing).toEqual([`${after.reference}-${chosen.lenderCode.toUpperCase()}`]);
  });

  it("a lender whose token expires mid-flow is re-authenticated once", async () => {
    await setFaults(sandbox.url, "orbit", { mode: "expire_token" });
    const before = (await ledger(sandbox.url, "orbit")).authCalls;
    const { applicationId } = await apply(stack, "METRO-IND");
    const app = await settled(applicationId);
    expect(app.offers.map((o) => o.lenderCode)).toContain("orbit");
    expect(app.attempts.find((a) => a.lenderCode === "orbit")?.reason).toBe("re-authenticated once");
    expect((await ledger(sandbox.url, "orbit")).authCalls - before).toBe(1);
  });
});

describe("compensation", () => {
  it("expiry and cancellation release every hold at the lenders and tell the shopper", async () => {
    const who = await shopper(stack);
    const deps = {
      db: stack.db,
      redis: stack.redis,
      redisPrefix: stack.prefix,
      sandboxUrl: sandbox.url,
      clock: stack.clock,
    };
    const expiring = await settled((await apply(stack, "METRO-IND")).applicationId);
    expect(expiring.status).toBe("OFFERED");
    expect(await expireApplication(deps, expiring.id)).toEqual({ expired: true });
    const cancelling = await settled((await apply(stack, "METRO-IND")).applicationId);
    await cancelApplication(stack.deps, who.ctx(), who.owner, cancelling.id);
    for (const id of [expiring.id, cancelling.id]) {
      const app = await waitFor(
        () => applicationStatus(stack, id),
        (a) => a.offers.every((o) => o.status === "RELEASED" && o.releasedAtLender),
        20_000,
        "holds released",
      );
      expect(["EXPIRED", "CANCELLED"]).toContain(app.status);
      for (const code of LENDERS) {
        const view = await ledger(sandbox.url, code, app.reference);
        expect(view.entries.filter((e) => e.status === "APPROVED")).toEqual([]);
      }
      const texts = await stack.db.outboundMessage.findMany({
        where: { template: `lending.application.${app.status.toLowerCase()}` },
      });
      expect(texts.length).toBeGreaterThanOrEqual(1);
    }
    // An ended application cannot be accepted any more.
    await expect(
      acceptOffer(stack.deps, who.ctx(), who.owner, {
        applicationId: expiring.id,
        offerId: expiring.offers[0]!.id,
        idempotencyKey: `late-accept-${expiring.id}`,
      }),
    ).rejects.toThrow(/no longer open/);
  });
});

describe("ghost loans", () => {
  it("approve-then-timeout never makes two loans (many applications, random timing, both modes)", async () => {
    for (const code of LENDERS)
      await setFaults(sandbox.url, code, {
        mode: "approve_then_timeout",
        rate: 0.5,
        hangMs: 3_000,
        latency: { medianMs: 150, p95Ms: 900 },
      });
    const who = await shopper(stack);
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => apply(stack, i % 2 === 0 ? "METRO-KOR" : "METRO-IND")),
    );
    for (const run of runs) {
      const app = await settled(run.applicationId);
      if (app.status === "OFFERED") {
        const offer = [...app.offers].sort((a, b) => a.displayRank - b.displayRank)[0]!;
        await Promise.allSettled([
          acceptOffer(stack.deps, who.ctx(), who.owner, {
            applicationId: app.id,
            offerId: offer.id,
            idempotencyKey: `g1-${app.id}`,
          }),
          acceptOffer(stack.deps, who.ctx(), who.owner, {
            applicationId: app.id,
            offerId: offer.id,
            idempotencyKey: `g2-${app.id}`,
          }),
        ]);
      }
    }
    await resetFaults(sandbox.url);
    // What the sweep does every few seconds in the workers: ask lenders about every open reconciliation
    // item (a lender that committed after we stopped waiting is found and released).
    const deps = {
      db: stack.db,
      redis: stack.redis,
      redisPrefix: stack.prefix,
      sandboxUrl: sandbox.url,
      clock: stack.clock,
    };
    for (const item of await stack.db.reconciliationItem.findMany({ where: { status: "OPEN" } }))
      await checkReconciliation(deps, item.id);
    for (const run of runs) {
      const app = await waitFor(
        () => applicationStatus(stack, run.applicationId),
        (a) => a.offers.filter((o) => o.status === "RELEASED").every((o) => o.releasedAtLender),
        20_000,
        "releases",
      );
      expect(app.offers.filter((o) => o.status === "ACCEPTED").length).toBeLessThanOrEqual(1);
      const standing: string[] = [];
      for (const code of LENDERS) {
        const view = await ledger(sandbox.url, code, app.reference);
        standing.push(...view.entries.filter((e) => e.status === "APPROVED").map((e) => e.reference));
        // Every application was sent to a lender at most once per attempt recorded.
        const applies = app.attempts.filter(
          (a) => a.lenderCode === code && a.kind === "APPLY" && a.outcome !== "SKIPPED",
        ).length;
        expect(view.calls.reduce((sum, c) => sum + c.apply, 0)).toBe(applies);
      }
      // At most one loan: an accepted application leaves exactly its accepted sanction standing at the
      // lenders; anything else leaves none (late approvals are released).
      const accepted = app.offers.find((o) => o.status === "ACCEPTED");
      expect(
        standing,
        JSON.stringify({
          status: app.status,
          attempts: app.attempts.map((a) => `${a.lenderCode}:${a.kind}:${a.outcome}:${a.reason ?? ""}`),
          offers: app.offers.map((o) => `${o.lenderCode}:${o.status}:${o.releasedAtLender}`),
        }),
      ).toEqual(accepted ? [accepted.reference] : []);
      expect(standing.length).toBeLessThanOrEqual(1);
    }
  });
});

describe("late commits", () => {
  it("a slow lender that commits after we moved on is caught by reconciliation and released", async () => {
    const probe = await apply(stack, "METRO-KOR");
    const order = planOf(await settled(probe.applicationId));
    // Answers after ~8 s: long past the 1.5 s timeout and the status inquiries ("not found" then).
    await setFaults(sandbox.url, order[0]!, { mode: "slow", slowLatency: { medianMs: 8_000, p95Ms: 8_100 } });
    const { applicationId } = await apply(stack, "METRO-KOR");
    const app = await settled(applicationId);
    expect(app.status).toBe("OFFERED");
    expect(app.offers.map((o) => o.lenderCode)).toEqual([order[1]]);
    const who = await shopper(stack);
    await acceptOffer(stack.deps, who.ctx(), who.owner, {
      applicationId,
      offerId: app.offers[0]!.id,
      idempotencyKey: `late-${applicationId}`,
    });
    const [item] = await stack.db.reconciliationItem.findMany({
      where: { applicationId, lenderCode: order[0]! },
    });
    expect(
      item,
      JSON.stringify(app.attempts.map((a) => `${a.lenderCode}:${a.kind}:${a.outcome}`)),
    ).toBeDefined();

    // Once the slow lender has committed, reconciliation finds the sanction and releases it.
    await waitFor(
      () => ledger(sandbox.url, order[0]!, app.reference),
      (view) => view.entries.length === 1,
      30_000,
      "the slow lender to commit",
    );
    const deps = {
      db: stack.db,
      redis: stack.redis,
      redisPrefix: stack.prefix,
      sandboxUrl: sandbox.url,
      clock: stack.clock,
    };
    expect(await checkReconciliation(deps, item!.id)).toEqual({ resolved: true, outcome: "APPROVED" });
    await waitFor(
      () => ledger(sandbox.url, order[0]!, app.reference),
      (view) => view.entries[0]?.status === "CANCELLED",
      20_000,
      "the late sanction to be released",
    );
    const accepted = await applicationStatus(stack, applicationId);
    expect(accepted.offers.filter((o) => o.status === "ACCEPTED").map((o) => o.lenderCode)).toEqual([
      order[1],
    ]);
  });
});

describe("circuit breaker", () => {
  it("opens on failures (skipping the lender for new applications), lets one probe through after the cool-down, and closes", async () => {
    const probe = await apply(stack, "METRO-IND");
    const code = planOf(await settled(probe.applicationId))[0]!;
    await resetBreaker(stack.deps, code);
    await setFaults(sandbox.url, code, { mode: "error5xx" });
    for (let i = 0; i < 2; i++) await settled((await apply(stack, "METRO-IND")).applicationId);
    const [open] = await breakerStates(stack.deps, [code]);
    expect(open!.state).toBe("OPEN");
    const skipped = await settled((await apply(stack, "METRO-IND")).applicationId);
    const calls = skipped.attempts.filter((a) => a.lenderCode === code).map((a) => a.outcome);
    // While open the lender is skipped; if the cool-down ended meanwhile, exactly one probe went through
    // (and failed, re-opening the breaker).
    expect([["SKIPPED"], ["RETRYABLE", "SKIPPED"]]).toContainEqual(calls);
    expect(skipped.attempts.find((a) => a.outcome === "SKIPPED")!.reason).toMatch(
      /circuit breaker (open|half-open)/,
    );

    await setFaults(sandbox.url, code, { mode: "none" });
    // After the cool-down (2 s in the test descriptor) the breaker lets one probe through.
    await waitFor(
      () => breakerStates(stack.deps, [code]),
      ([state]) => state!.state === "HALF_OPEN",
      15_000,
      "the cool-down to end",
    );
    const healed = await settled((await apply(stack, "METRO-IND")).applicationId);
    expect(healed.offers.map((o) => o.lenderCode)).toContain(code);
    const [closed] = await breakerStates(stack.deps, [code]);
    expect(closed!.state).toBe("CLOSED");
  });
});
