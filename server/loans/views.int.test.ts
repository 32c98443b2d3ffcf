import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { seedLoans } from "@/prisma/seed/loans";
import { type Actor, userActor } from "@/server/platform/actor";
import { createCaller } from "@/server/trpc/root";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { rebuildLoanStates } from "./projections.service";

const stack = await createTestStack("loansviews");
const { db } = stack;
const seeded = await seedTestData(db);

function actorOf(email: string | null, phone?: string): Actor {
  const user = seeded.users.find((candidate) =>
    email ? candidate.email === email : candidate.phone === phone,
  );
  if (!user) throw new Error(`no user ${email ?? phone}`);
  return userActor({ id: user.id, roles: user.roles, organisationId: user.organisationId });
}

const caller = (actor: Actor) =>
  createCaller({ actor, ip: "127.0.0.1", correlationId: "corr-loans-views-0001", deps: stack.deps });
const shopper = actorOf(null, "+919876543210");
const admin = seeded.users.find((user) => user.roles.includes("admin"))!;
const adminActor = userActor({ id: admin.id, roles: admin.roles, organisationId: admin.organisationId });

describe("demo loans seed", () => {
  it("books three demo loans once (idempotent), all consistent with their events", async () => {
    expect(await seedLoans(db)).toBe(3);
    expect(await seedLoans(db)).toBe(0);
    const states = await db.loanState.findMany({ select: { status: true } });
    expect(states.map((state) => state.status).sort()).toEqual(["ACTIVE", "ACTIVE", "CLOSED"]);
    expect((await rebuildLoanStates(db)).mismatches).toEqual([]);
  });
});

describe("loan procedures", () => {
  it("the borrower sees their loans with schedule statuses; another shopper reaches nothing by id", async () => {
    const mine = await caller(shopper).loans.mine();
    expect(mine).toHaveLength(3);
    const active = mine.find((loan) => loan.purchaseDescription === "Smartphone (128 GB)")!;
    const detail = await caller(shopper).loans.myLoan({ loanId: active.id });
    expect(detail.schedule[0]?.status).toBe("PAID");
    expect(detail.schedule.slice(1).every((row) => row.status !== "PAID")).toBe(true);
    expect(detail.foreclosure?.payablePaise).toBeGreaterThan(0n);

    const stranger = userActor({
      id: "0190f1b2-0000-7000-8000-0000000000aa",
      roles: ["shopper"],
      organisationId: null,
    });
    await expect(caller(stranger).loans.myLoan({ loanId: active.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      caller(stranger).loans.documentLink({ loanId: active.id, kind: "AGREEMENT" }),
    ).rejects.toBeInstanceOf(TRPCError);
    expect(await caller(stranger).loans.mine()).toEqual([]);
  });

  it("the admin book filters by status and DPD bucket; the detail shows events and balanced postings", async () => {
    const all = await caller(adminActor).loans.book({});
    expect(all.total).toBe(3);
    const closed = await caller(adminActor).loans.book({ status: "CLOSED" });
    expect(closed.rows).toHaveLength(1);
    const current = await caller(adminActor).loans.book({ bucket: "CURRENT" });
    const npa = await caller(adminActor).loans.book({ bucket: "NPA" });
    expect(current.total + npa.total).toBeLessThanOrEqual(2);
    expect((await caller(adminActor).loans.book({ query: all.rows[0]!.reference })).total).toBe(1);
    const detail = await caller(adminActor).loans.detail({ loanId: closed.rows[0]!.id });
    expect(detail.events.map((event) => event.type)).toEqual([
      "LoanBooked",
      "Disbursed",
      "Foreclosed",
      "Closed",
    ]);
    for (const journal of detail.journals) {
      expect(journal.postings.reduce((sum, posting) => sum + posting.amountPaise, 0n)).toBe(0n);
    }
    expect(detail.integrity).toEqual([]);
  });

  it("a merchant cancels a purchase from its own store only; the loan closes", async () => {
    const merchant = actorOf("store.manager@flux.local");
    const other = actorOf("city.store@flux.local");
    const loans = await caller(merchant).loans.storeLoans();
    const target = loans.find((loan) => loan.status === "ACTIVE")!;
    expect(await caller(other).loans.storeLoans()).toEqual([]);
    await expect(
      caller(other).loans.cancelForRefund({ loanId: target.id, reason: "returned" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      caller(merchant).loans.cancelForRefund({ loanId: target.id, reason: "x" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const result = await caller(merchant).loans.cancelForRefund({
      loanId: target.id,
      reason: "Customer returned it",
    });
    expect(result.status).toBe("CANCELLED");
    expect(await db.outboxEvent.count({ where: { jobId: `loans.no-dues.${target.id}` } })).toBe(1);
    const postings = await db.ledgerPosting.groupBy({
      by: ["account"],
      where: { loanId: target.id },
      _sum: { amountPaise: true },
    });
    const balance = Object.fromEntries(postings.map((row) => [row.account, row._sum.amountPaise]));
    expect(balance.PRINCIPAL_RECEIVABLE).toBe(0n);
  });

  it("the KFS preview gives the checkout the same KFS the booking re-derives", async () => {
    const { demoAcceptedOffer } = await import("./offer-fixture");
    const offer = demoAcceptedOffer({
      borrower: { userId: shopper.userId!, name: "Demo Shopper", phone: "+919876543210" },
      merchant: {
        organisationId: "0190f1b2-0000-7000-8000-000000000001",
        storeId: "0190f1b2-0000-7000-8000-000000000002",
      },
    });
    const kfs = await caller(shopper).loans.kfsPreview({
      proposalNumber: offer.proposalNumber,
      lender: {
        code: offer.lender.code,
        name: offer.lender.name,
        regulatoryStatus: offer.lender.regulatoryStatus,
        grievanceOfficer: offer.lender.grievanceOfficer,
      },
      borrower: { name: "Demo Shopper", phone: "+919876543210" },
      merchant: { name: "Metro Electronics", storeName: "Metro Electronics, Koramangala" },
      terms: offer.terms,
      coolingOffDays: 3,
      issuedAt: offer.kfs.issuedAt,
    });
    expect(kfs.apr.bps).toBe((offer.kfs.snapshot as { apr: { bps: number } }).apr.bps);
    expect(kfs.schedule).toHaveLength(6);
  });
});
