import { describe, expect, it } from "vitest";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { runCommand } from "@/server/platform/unit-of-work";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { bookLoanFromAcceptedOffer } from "./book.service";
import { historyTerms, playHistory, randomHistorySpec } from "./domain/history";
import { appendLoanEvents, loadProjection } from "./event-store";
import { reconcileLoan } from "./integrity.service";
import { decidePayment, levyCharge, runLoanCommand } from "./loan-commands.service";
import { demoAcceptedOffer } from "./offer-fixture";
import { rebuildLoanStates, tailLoanActivity } from "./projections.service";

const stack = await createTestStack("loansledger");
const { db } = stack;
await seedTestData(db);
const shopper = await db.user.findFirstOrThrow({ where: { roles: { has: "shopper" } } });
const store = await db.store.findFirstOrThrow({ where: { code: "METRO-KOR" } });

function ctxAt(date: string) {
  return {
    actor: systemActor("test"),
    correlationId: "corr-loans-ledger-0001",
    ip: null,
    clock: fixedClock(`${date}T06:00:00Z`),
  };
}

async function book(terms = historyTerms(randomHistorySpec(1))) {
  return bookLoanFromAcceptedOffer(
    stack.deps,
    ctxAt(terms.disbursalDate),
    demoAcceptedOffer({
      borrower: { userId: shopper.id, name: shopper.name, phone: shopper.phone ?? "+919876543210" },
      merchant: { organisationId: store.organisationId, storeId: store.id },
      terms,
    }),
  );
}

describe("loan book in the database", () => {
  it("random histories: the rebuilt projection equals the live one exactly and the ledger agrees", async () => {
    const loanIds: string[] = [];
    for (let seed = 1; seed <= 15; seed += 1) {
      const spec = { ...randomHistorySpec(seed * 7919, 10), principalFirst: false };
      const booked = await book(historyTerms(spec));
      loanIds.push(booked.loanId);
      const { events } = playHistory(booked.loanId, spec);
      // The first two events (LoanBooked, Disbursed) were written by the booking itself.
      for (const event of events.slice(2)) {
        await runCommand(stack.deps, ctxAt(event.businessDate), async (uow) => {
          const before = await loadProjection(uow.tx, booked.loanId, { lock: true });
          await appendLoanEvents(uow, {
            loanId: booked.loanId,
            expectedVersion: before?.version ?? 0,
            before,
            bodies: [event.body],
            businessDate: event.businessDate,
          });
        });
      }
      expect((await reconcileLoan(db, booked.loanId))?.agrees).toBe(true);
    }
    const report = await rebuildLoanStates(db, { loanIds });
    expect(report.loans).toBe(15);
    expect(report.events).toBeGreaterThan(30);
    expect(report.mismatches).toEqual([]);
    const statuses = await db.loanState.groupBy({
      by: ["status"],
      where: { loanId: { in: loanIds } },
      _count: true,
    });
    expect(statuses.length).toBeGreaterThan(1);
  });

  it("a projection row changed behind the event store's back is found (and repaired) by the rebuild", async () => {
    const booked = await book();
    await db.loanState.update({ where: { loanId: booked.loanId }, data: { paidPaise: 999n } });
    const report = await rebuildLoanStates(db, { loanIds: [booked.loanId], repair: true });
    expect(report.mismatches).toEqual([{ loanId: booked.loanId, columns: ["paidPaise"] }]);
    expect((await rebuildLoanStates(db, { loanIds: [booked.loanId] })).mismatches).toEqual([]);
  });

  it("200 concurrent repayments on one loan: every one applied once, versions contiguous, ledger balanced", async () => {
    const booked = await book({
      ...historyTerms(randomHistorySpec(3)),
      principalPaise: 50_000_000n,
      charges: [],
    });
    const ctx = ctxAt("2026-01-20");
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        runLoanCommand(stack.deps, ctx, booked.loanId, ({ state, loan, businessDate }) => ({
          bodies: decidePayment(state, loan, {
            paymentId: `p-${index}`,
            amountPaise: 1_000n + BigInt(index),
            intent: "EMI",
            on: businessDate,
          }),
        })),
      ),
    );
    const events = await db.loanEvent.findMany({
      where: { loanId: booked.loanId },
      orderBy: { version: "asc" },
    });
    expect(events.map((event) => event.version)).toEqual(
      Array.from({ length: events.length }, (_, i) => i + 1),
    );
    expect(events.filter((event) => event.type === "RepaymentReceived")).toHaveLength(200);
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: booked.loanId } });
    const expectedTotal = Array.from({ length: 200 }, (_, i) => 1_000n + BigInt(i)).reduce(
      (a, b) => a + b,
      0n,
    );
    expect(state.paidPaise).toBe(expectedTotal);
    const collections = await db.ledgerPosting.aggregate({
      where: { loanId: booked.loanId, account: "COLLECTIONS" },
      _sum: { amountPaise: true },
    });
    expect(collections._sum.amountPaise).toBe(expectedTotal);
    const unbalanced = await db.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM (SELECT journal_id FROM ledger_posting WHERE loan_id = $1::uuid GROUP BY journal_id HAVING sum(amount_paise) <> 0) t",
      booked.loanId,
    );
    expect(unbalanced[0]?.n).toBe(0n);
    expect((await reconcileLoan(db, booked.loanId))?.agrees).toBe(true);
    expect((await rebuildLoanStates(db, { loanIds: [booked.loanId] })).mismatches).toEqual([]);
  });

  it("refuses a charge that is not in the loan's KFS, and levies one that is", async () => {
    const booked = await book();
    const ctx = ctxAt("2026-03-20");
    await expect(
      levyCharge(stack.deps, ctx, { loanId: booked.loanId, code: "collection-visit" }),
    ).rejects.toThrow(/not in this loan's Key Fact Statement/);
    await levyCharge(stack.deps, ctx, { loanId: booked.loanId, code: "late-payment" });
    const penal = await db.ledgerPosting.aggregate({
      where: { loanId: booked.loanId, account: "PENAL_RECEIVABLE" },
      _sum: { amountPaise: true },
    });
    expect(penal._sum.amountPaise).toBe(50_000n);
  });
});

/**
 * The horizon is cluster-wide: a long transaction anywhere on the server (another test file) holds it back,
 * so the tail may lag. It must catch up, never skip: pass until every event written so far is below it.
 */
async function tailUntilCaughtUp() {
  const [{ max } = { max: 0n }] = await db.$queryRawUnsafe<{ max: bigint }[]>(
    "SELECT max(tx_id) AS max FROM loan_event",
  );
  const deadline = Date.now() + 45_000;
  while ((await tailLoanActivity(db)).horizon <= max && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("tailing projection (loan_activity)", () => {
  it("does not skip an event whose id is lower but whose transaction commits later (a naive id tail does)", async () => {
    const a = await book();
    const b = await book();
    await tailUntilCaughtUp();
    const naive = { lastId: (await db.loanEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n, seen: 0 };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => undefined;
    const insertedSignal = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const ctx = ctxAt("2026-01-20");
    // Writer A takes an event id first and holds its transaction open.
    const slow = runLoanCommand(stack.deps, ctx, a.loanId, async ({ state, loan, businessDate, uow }) => {
      const bodies = decidePayment(state, loan, {
        paymentId: "slow",
        amountPaise: 5_000n,
        intent: "EMI",
        on: businessDate,
      });
      await appendLoanEvents(uow, {
        loanId: a.loanId,
        expectedVersion: state.version,
        before: state,
        bodies,
        businessDate,
      });
      inserted();
      await gate;
      return { bodies: [] };
    });
    await insertedSignal;
    // Writer B takes a later id and commits first.
    await runLoanCommand(stack.deps, ctx, b.loanId, ({ state, loan, businessDate }) => ({
      bodies: decidePayment(state, loan, {
        paymentId: "fast",
        amountPaise: 7_000n,
        intent: "EMI",
        on: businessDate,
      }),
    }));
    // A naive tail reads by id now and moves its checkpoint past A's id.
    const visible = await db.loanEvent.findMany({
      where: { id: { gt: naive.lastId } },
      orderBy: { id: "asc" },
    });
    naive.seen += visible.length;
    naive.lastId = visible.at(-1)?.id ?? naive.lastId;
    await tailLoanActivity(db);
    // A's transaction is open: the horizon stays below it, so B's committed event waits too.
    expect((await db.loanActivity.findUnique({ where: { loanId: b.loanId } }))?.lastVersion).toBe(2);
    release();
    await slow;
    const later = await db.loanEvent.findMany({ where: { id: { gt: naive.lastId } } });
    naive.seen += later.length;
    expect(naive.seen).toBe(1); // the naive tail never sees A's event
    await tailUntilCaughtUp();
    const activity = await db.loanActivity.findMany({ where: { loanId: { in: [a.loanId, b.loanId] } } });
    const byId = new Map(activity.map((row) => [row.loanId, row]));
    expect(byId.get(a.loanId)).toMatchObject({ eventCount: 3, lastVersion: 3, collectedPaise: 5_000n });
    expect(byId.get(b.loanId)).toMatchObject({ eventCount: 3, lastVersion: 3, collectedPaise: 7_000n });
  });

  it("with many concurrent writers (some holding transactions open) and tails running throughout, no event is lost", async () => {
    const loans = await Promise.all(Array.from({ length: 8 }, () => book()));
    const ctx = ctxAt("2026-01-20");
    let writing = true;
    const tails = (async () => {
      let passes = 0;
      while (writing) {
        await tailLoanActivity(db);
        passes += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return passes;
    })();
    await Promise.all(
      Array.from({ length: 120 }, (_, index) => {
        const loan = loans[index % loans.length]!;
        return runLoanCommand(stack.deps, ctx, loan.loanId, async ({ state, loan: header, businessDate }) => {
          if (index % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 20 + (index % 7) * 5));
          return {
            bodies: decidePayment(state, header, {
              paymentId: `c-${index}`,
              amountPaise: 100n + BigInt(index),
              intent: "EMI",
              on: businessDate,
            }),
          };
        });
      }),
    );
    writing = false;
    expect(await tails).toBeGreaterThan(1);
    await tailUntilCaughtUp();
    for (const loan of loans) {
      const [events, activity] = await Promise.all([
        db.loanEvent.findMany({ where: { loanId: loan.loanId } }),
        db.loanActivity.findUniqueOrThrow({ where: { loanId: loan.loanId } }),
      ]);
      expect(activity.eventCount).toBe(events.length);
      expect(activity.lastVersion).toBe(Math.max(...events.map((event) => event.version)));
    }
  });
});
