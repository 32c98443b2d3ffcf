import { describe, expect, it } from "vitest";
import { systemActor } from "@/server/platform/actor";
import { runCommand } from "@/server/platform/unit-of-work";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { bookLoanFromAcceptedOffer } from "./book.service";
import { decideRepayment } from "./domain/decide";
import { kfsToJson } from "./domain/kfs";
import { appendLoanEvents, ConcurrencyError, loadProjection } from "./event-store";
import { reconcileLoan, verifyLoanEvents } from "./integrity.service";
import { bookOfferJob, bookOfferJobId } from "./jobs";
import { demoAcceptedOffer } from "./offer-fixture";

const stack = await createTestStack("loansbook");
const { db } = stack;
await seedTestData(db);
const shopper = await db.user.findFirstOrThrow({ where: { roles: { has: "shopper" } } });
const store = await db.store.findFirstOrThrow({ where: { code: "METRO-KOR" } });
const ctx = {
  actor: systemActor("test"),
  correlationId: "corr-loans-book-0001",
  ip: null,
  clock: stack.clock,
};

function offer(overrides: Partial<Parameters<typeof demoAcceptedOffer>[0]> = {}) {
  return demoAcceptedOffer({
    borrower: { userId: shopper.id, name: shopper.name, phone: shopper.phone ?? "+919876543210" },
    merchant: { organisationId: store.organisationId, storeId: store.id },
    ...overrides,
  });
}

describe("bookLoanFromAcceptedOffer", () => {
  it("books the loan with its LoanBooked and Disbursed events, balanced postings, audit and agreement job", async () => {
    const accepted = offer();
    const booked = await bookLoanFromAcceptedOffer(stack.deps, ctx, accepted);
    expect(booked.created).toBe(true);
    expect(booked.reference).toMatch(/^FLX-[0-9A-F]{10}$/);

    const events = await db.loanEvent.findMany({
      where: { loanId: booked.loanId },
      orderBy: { version: "asc" },
    });
    expect(events.map((event) => [event.version, event.type])).toEqual([
      [1, "LoanBooked"],
      [2, "Disbursed"],
    ]);
    const state = await db.loanState.findUniqueOrThrow({ where: { loanId: booked.loanId } });
    expect(state.version).toBe(2);
    expect(state.status).toBe("ACTIVE");
    expect(state.outstandingPrincipalPaise).toBe(4_500_000n);

    const journals = await db.ledgerJournal.findMany({
      where: { loanId: booked.loanId },
      include: { postings: true },
    });
    expect(journals.length).toBeGreaterThanOrEqual(2);
    for (const journal of journals) {
      expect(journal.postings.reduce((sum, posting) => sum + posting.amountPaise, 0n)).toBe(0n);
    }
    const disbursal = journals.find((journal) => journal.description.startsWith("Disbursed"));
    expect(disbursal?.postings.find((posting) => posting.account === "LENDER_FUNDING")?.amountPaise).toBe(
      -4_500_000n,
    );
    expect((await reconcileLoan(db, booked.loanId))?.agrees).toBe(true);

    const audits = await db.auditEvent.findMany({ where: { entityType: "loan", entityId: booked.loanId } });
    expect(audits.map((audit) => audit.action).sort()).toEqual(
      ["loan.booked", "loan.event.Disbursed", "loan.event.LoanBooked"].sort(),
    );
    const outbox = await db.outboxEvent.findMany({ where: { jobName: "loans.agreement.render" } });
    expect(outbox.map((row) => row.jobId)).toContain(`loans.agreement.${booked.loanId}`);
    expect(await verifyLoanEvents(db, booked.loanId)).toEqual([]);
  });

  it("books at most one loan per application, also when the same offer arrives concurrently", async () => {
    const accepted = offer();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => bookLoanFromAcceptedOffer(stack.deps, ctx, accepted)),
    );
    const ids = new Set(results.map((result) => result.loanId));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await db.loan.count({ where: { applicationId: accepted.applicationId } })).toBe(1);
    const again = await bookLoanFromAcceptedOffer(stack.deps, ctx, accepted);
    expect(again).toEqual({ ...results[0], created: false });
    expect(await db.loanEvent.count({ where: { loanId: again.loanId } })).toBe(2);
  });

  it("refuses a KFS snapshot that does not match the terms, and persists nothing", async () => {
    const accepted = offer();
    const snapshot = { ...accepted.kfs.snapshot } as Record<string, unknown>;
    const tampered = kfsToJson({
      ...(await import("./domain/kfs")).kfsFromJson(snapshot),
      apr: { bps: 999, percent: "9.99", method: "x" },
    });
    await expect(
      bookLoanFromAcceptedOffer(stack.deps, ctx, {
        ...accepted,
        kfs: { ...accepted.kfs, snapshot: tampered },
      }),
    ).rejects.toThrow(/does not match the loan's terms \(APR\)/);
    expect(await db.loan.count({ where: { applicationId: accepted.applicationId } })).toBe(0);
  });

  it("refuses an offer that is not valid with a clear message", async () => {
    const accepted = offer();
    await expect(
      bookLoanFromAcceptedOffer(stack.deps, ctx, {
        ...accepted,
        borrower: { ...accepted.borrower, phone: "12" },
      }),
    ).rejects.toThrow(/E\.164/);
  });

  it("books through the loans.offer.book job contract with a job id per application", () => {
    const accepted = offer();
    expect(
      bookOfferJob.payload.parse(
        JSON.parse(JSON.stringify(accepted, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
      ),
    ).toMatchObject({
      applicationId: accepted.applicationId,
    });
    expect(bookOfferJobId(accepted.applicationId)).not.toContain(":");
  });
});

describe("event store", () => {
  it("refuses a second writer at the same version (optimistic concurrency, unique (loan, version))", async () => {
    const booked = await bookLoanFromAcceptedOffer(stack.deps, ctx, offer());
    const before = await loadProjection(db, booked.loanId);
    if (!before) throw new Error("no projection");
    const write = (paymentId: string) =>
      runCommand(stack.deps, ctx, (uow) =>
        appendLoanEvents(uow, {
          loanId: booked.loanId,
          expectedVersion: before.version,
          before,
          bodies: decideRepayment(before, { paymentId, amountPaise: 100_00n, on: "2026-03-10" }),
          businessDate: "2026-03-10",
        }),
      );
    await write("pay-a");
    await expect(write("pay-b")).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await db.loanEvent.count({ where: { loanId: booked.loanId } })).toBe(3);
  });

  it("the database refuses an unbalanced journal, negative principal and edits to events", async () => {
    const booked = await bookLoanFromAcceptedOffer(stack.deps, ctx, offer());
    const event = await db.loanEvent.findFirstOrThrow({ where: { loanId: booked.loanId, version: 2 } });
    await expect(
      db.$transaction(async (tx) => {
        const journal = await tx.ledgerJournal.create({
          data: {
            loanId: booked.loanId,
            eventId: event.id,
            description: "bad",
            businessDate: new Date(),
            postedAt: new Date(),
          },
        });
        await tx.ledgerPosting.create({
          data: { journalId: journal.id, loanId: booked.loanId, account: "COLLECTIONS", amountPaise: 100n },
        });
      }),
    ).rejects.toThrow(/does not balance/);
    await expect(
      db.$transaction(async (tx) => {
        const journal = await tx.ledgerJournal.create({
          data: {
            loanId: booked.loanId,
            eventId: event.id,
            description: "bad",
            businessDate: new Date(),
            postedAt: new Date(),
          },
        });
        await tx.ledgerPosting.createMany({
          data: [
            { journalId: journal.id, loanId: booked.loanId, account: "COLLECTIONS", amountPaise: 5_000_000n },
            {
              journalId: journal.id,
              loanId: booked.loanId,
              account: "PRINCIPAL_RECEIVABLE",
              amountPaise: -5_000_000n,
            },
          ],
        });
      }),
    ).rejects.toThrow(/negative principal/);
    await expect(db.loanEvent.update({ where: { id: event.id }, data: { type: "Edited" } })).rejects.toThrow(
      /append-only/,
    );
  });

  it("an event row edited behind the application's back is detected against the audit chain", async () => {
    const booked = await bookLoanFromAcceptedOffer(stack.deps, ctx, offer());
    const superuser = await stack.database.superuser();
    await superuser.query("SET session_replication_role = replica");
    await superuser.query(
      `UPDATE loan_event SET payload = jsonb_set(payload, '{amountPaise,$bigint}', '"1"') WHERE loan_id = $1 AND version = 2`,
      [booked.loanId],
    );
    expect(await verifyLoanEvents(db, booked.loanId)).toEqual([
      { loanId: booked.loanId, version: 2, problem: "row-edited" },
    ]);
    // Re-hashing the edited row does not help: the audit chain recorded the original hash.
    await superuser.query(`UPDATE loan_event SET hash = repeat('a', 64) WHERE loan_id = $1 AND version = 2`, [
      booked.loanId,
    ]);
    const row = await db.loanEvent.findFirstOrThrow({ where: { loanId: booked.loanId, version: 2 } });
    const { eventHash, isoDateOf } = await import("./event-store");
    const rehashed = eventHash({
      loanId: booked.loanId,
      version: 2,
      type: row.type,
      payload: row.payload,
      businessDate: isoDateOf(row.businessDate),
    });
    await superuser.query(`UPDATE loan_event SET hash = $2 WHERE loan_id = $1 AND version = 2`, [
      booked.loanId,
      rehashed,
    ]);
    expect(await verifyLoanEvents(db, booked.loanId)).toEqual([
      { loanId: booked.loanId, version: 2, problem: "hash-not-in-audit-chain" },
    ]);
  });
});

describe("the checkout's accepted offers (server/lending) book as they are", () => {
  it("an offer built by buildOffer and mapped by acceptedOfferPayload books once, through the job payload's JSON", async () => {
    const { buildOffer } = await import("@/server/lending/domain/offers");
    const { acceptedOfferPayload } = await import("@/server/lending/applications.service");
    const { randomUUID } = await import("node:crypto");
    const issuedAt = new Date("2026-11-22T10:00:00Z");
    const built = buildOffer({
      sanction: {
        principalPaise: 45_000_00n,
        tenorMonths: 9,
        annualRateBps: 1_600,
        processingFeePaise: 675_00n,
      },
      lender: {
        code: "kite",
        name: "Kite Finance",
        regulatoryStatus: "NBFC registered with the RBI (sandbox)",
        grievanceOfficer: {
          name: "Kavya Menon",
          designation: "Grievance Redressal Officer",
          email: "grievance@kite.example",
          phone: "+91 22 4000 5678",
        },
      },
      proposalNumber: "FLX-A7654321-KITE",
      issuedAt,
      disbursalDate: "2026-11-22",
      borrower: { name: shopper.name, phone: shopper.phone ?? "+919876543210" },
      merchant: { name: "Metro Electronics", storeName: store.name },
      kfs: { latePaymentFeePaise: 500_00, bounceChargePaise: 350_00, coolingOffDays: 3 },
    });
    const application = {
      id: randomUUID(),
      organisationId: store.organisationId,
      storeId: store.id,
      item: "Phone",
    };
    const row = {
      id: "offer-1",
      lenderReference: "KITE-LN-1",
      proposalNumber: "FLX-A7654321-KITE",
      kfsValidUntil: built.kfs.validUntil,
      terms: JSON.parse(JSON.stringify(built.terms, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
      kfs: built.kfsJson,
    } as unknown as Parameters<typeof acceptedOfferPayload>[1];
    const payload = acceptedOfferPayload(
      application,
      row,
      { id: shopper.id, name: shopper.name, phone: shopper.phone, email: null },
      new Date("2026-11-22T10:05:00Z"),
    );
    // As the outbox stores it and the worker parses it.
    const parsed = bookOfferJob.payload.parse(JSON.parse(JSON.stringify(payload)));
    const booked = await bookLoanFromAcceptedOffer(stack.deps, ctx, parsed);
    expect(booked.created).toBe(true);
    const loan = await db.loan.findUniqueOrThrow({ where: { id: booked.loanId } });
    expect(loan.lenderCode).toBe("kite");
    expect(loan.aprBps).toBe(built.quote.aprBps);
  });
});
