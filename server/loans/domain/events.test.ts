import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoanTermsSchema } from "../contracts";
import {
  accruedInterest,
  allocate,
  bookingEvents,
  daysPastDue,
  decideCharge,
  decideCoolingOffExit,
  decideForeclosure,
  decidePrepayment,
  decideRepayment,
  dpdBucket,
  foldPending,
  quoteCoolingOff,
  quoteForeclosure,
} from "./decide";
import {
  applyEvent,
  foldEvents,
  type LoanProjection,
  outstandingPrincipal,
  projectionFromJson,
  projectionToJson,
  totalOutstanding,
  unpaidOf,
} from "./events";
import { type HistoryCommand, type HistorySpec, historyTerms, playHistory } from "./history";
import { balances, expectedReceivables, journalsFor } from "./ledger";
import { generateSchedule } from "./schedule";

const LOAN = "0190f1b2-0000-7000-8000-000000000001";

function booked(spec: Partial<HistorySpec> = {}) {
  const full: HistorySpec = {
    principalRupees: 45_000,
    tenor: 6,
    rateBps: 1_499,
    withFees: true,
    principalFirst: false,
    commands: [],
    ...spec,
  };
  const terms = LoanTermsSchema.parse(historyTerms(full));
  const schedule = generateSchedule(terms);
  const bodies = bookingEvents({
    loanId: LOAN,
    applicationId: LOAN,
    proposalNumber: "FLX-P-1",
    terms,
    schedule: schedule.rows,
    coolingOffDays: 3,
    allocationOrder: full.principalFirst ? "PRINCIPAL_FIRST" : "INTEREST_FIRST",
    merchantOrganisationId: LOAN,
    storeId: LOAN,
    lenderLoanReference: "L",
  });
  return { terms, schedule, state: foldPending(null, bodies, LOAN) };
}

describe("allocation", () => {
  it("pays interest-first: upfront fees, then the oldest instalment's fees, interest, principal", () => {
    const { state } = booked();
    const first = state.instalments[0]!;
    const allocation = allocate(state, 60_000n, first.dueDate, { advance: false });
    // 499 fee first, then instalment 1 (insurance 300 fee, interest, principal).
    expect(allocation.charges).toEqual([{ id: 1, amountPaise: 49_900n }]);
    const part = allocation.instalments[0]!;
    expect(part.feesPaise).toBe(10_100n);
    expect(part.interestPaise).toBe(0n);
    expect(allocation.excessPaise).toBe(0n);
  });

  it("pays principal-first when the product says so", () => {
    const { state } = booked({ withFees: false, principalFirst: true });
    const first = state.instalments[0]!;
    const allocation = allocate(state, first.principalDuePaise, first.dueDate, { advance: false });
    expect(allocation.instalments).toEqual([
      { number: 1, principalPaise: first.principalDuePaise, interestPaise: 0n, feesPaise: 0n },
    ]);
  });

  it("pays a due instalment in full, then the next in advance, and keeps the rest as excess", () => {
    const { state } = booked({ withFees: false });
    const [one, two] = state.instalments;
    const total = unpaidOf(one!) + unpaidOf(two!) + 5n;
    const allocation = allocate(state, total + totalOutstanding(state), one!.dueDate);
    expect(allocation.instalments.map((part) => part.number)).toEqual(
      state.instalments.map((row) => row.number),
    );
    expect(allocation.excessPaise).toBe(total);
  });

  it("an EMI payment settles instalment 1 exactly and closes nothing", () => {
    const { state } = booked({ withFees: false });
    const one = state.instalments[0]!;
    const bodies = decideRepayment(state, { paymentId: "p1", amountPaise: unpaidOf(one), on: one.dueDate });
    const after = foldPending(state, bodies, LOAN);
    expect(unpaidOf(after.instalments[0]!)).toBe(0n);
    expect(after.status).toBe("ACTIVE");
    expect(bodies).toHaveLength(1);
  });
});

describe("prepayment", () => {
  it("reduce EMI keeps the dates and lowers the instalment; reduce tenure keeps the EMI and ends earlier", () => {
    const { state, terms, schedule } = booked({ withFees: false, tenor: 12 });
    const one = state.instalments[0]!;
    const paid = foldPending(
      state,
      decideRepayment(state, { paymentId: "p1", amountPaise: unpaidOf(one), on: one.dueDate }),
      LOAN,
    );
    const input = {
      paymentId: "pp",
      amountPaise: 1_500_000n,
      on: one.dueDate,
      emiPaise: schedule.instalmentPaise,
    };
    const emi = foldPending(paid, decidePrepayment(paid, terms, { ...input, mode: "REDUCE_EMI" }), LOAN);
    const tenure = foldPending(
      paid,
      decidePrepayment(paid, terms, { ...input, mode: "REDUCE_TENURE" }),
      LOAN,
    );
    expect(outstandingPrincipal(emi)).toBe(outstandingPrincipal(paid) - 1_500_000n);
    expect(outstandingPrincipal(tenure)).toBe(outstandingPrincipal(paid) - 1_500_000n);
    expect(emi.instalments).toHaveLength(12);
    expect(emi.instalments[1]!.principalDuePaise + emi.instalments[1]!.interestDuePaise).toBeLessThan(
      schedule.instalmentPaise,
    );
    expect(tenure.instalments.length).toBeLessThan(12);
    expect(tenure.instalments[1]!.principalDuePaise + tenure.instalments[1]!.interestDuePaise).toBe(
      schedule.instalmentPaise,
    );
    // Reducing tenure saves more interest than reducing the EMI.
    const interest = (s: LoanProjection) =>
      s.instalments.reduce((sum, row) => sum + row.interestDuePaise, 0n);
    expect(interest(tenure)).toBeLessThan(interest(emi));
  });

  it("refuses a prepayment that covers the whole loan (foreclose instead) and flat-rate loans", () => {
    const { state, terms, schedule } = booked({ withFees: false });
    expect(() =>
      decidePrepayment(state, terms, {
        paymentId: "x",
        amountPaise: 10_000_000n,
        on: "2026-01-20",
        mode: "REDUCE_EMI",
        emiPaise: schedule.instalmentPaise,
      }),
    ).toThrow(/foreclose instead/);
    expect(() =>
      decidePrepayment(
        state,
        { ...terms, interestMethod: "FLAT" },
        {
          paymentId: "x",
          amountPaise: 100n,
          on: "2026-01-20",
          mode: "REDUCE_EMI",
          emiPaise: schedule.instalmentPaise,
        },
      ),
    ).toThrow(/flat-rate/);
  });
});

describe("foreclosure", () => {
  it("charges principal + interest accrued to the day, forgoes future interest, closes the loan", () => {
    const { state, terms } = booked({ withFees: false });
    const on = "2026-01-25"; // 15 of 31 days into the first period
    const quote = quoteForeclosure(state, terms.contingentCharges, on);
    const first = state.instalments[0]!;
    expect(quote.accruedInterestPaise).toBe(accruedInterest(state, on));
    expect(quote.accruedInterestPaise).toBe((first.interestDuePaise * 15n + 15n) / 31n);
    expect(quote.payablePaise).toBe(4_500_000n + quote.accruedInterestPaise);
    const bodies = decideForeclosure(state, terms.contingentCharges, {
      paymentId: "f",
      amountPaise: quote.payablePaise + 100n,
      on,
    });
    const after = foldPending(state, bodies, LOAN);
    expect(after.status).toBe("CLOSED");
    expect(totalOutstanding(after)).toBe(0n);
    expect(after.refundDuePaise).toBe(100n);
    expect(() =>
      decideForeclosure(state, terms.contingentCharges, { paymentId: "f", amountPaise: 1n, on }),
    ).toThrow(/foreclosure needs/);
  });
});

describe("cooling-off exit", () => {
  it("is principal plus the APR for the days held, with unpaid fees waived and no penalty", () => {
    const { state } = booked();
    const quote = quoteCoolingOff(state, 2_000, "2026-01-12");
    expect(quote.eligible).toBe(true);
    expect(quote.costPaise).toBe((4_500_000n * 2_000n * 2n + 3_650_000n / 2n) / 3_650_000n);
    const after = foldPending(
      state,
      decideCoolingOffExit(state, 2_000, {
        paymentId: "c",
        amountPaise: quote.payablePaise,
        on: "2026-01-12",
      }),
      LOAN,
    );
    expect(after.status).toBe("CLOSED");
    expect(totalOutstanding(after)).toBe(0n);
    expect(after.charges.every((charge) => charge.waived || charge.paidPaise === charge.amountPaise)).toBe(
      true,
    );
    expect(quoteCoolingOff(state, 2_000, "2026-01-14").eligible).toBe(false);
    expect(() =>
      decideCoolingOffExit(state, 2_000, { paymentId: "c", amountPaise: 10n ** 9n, on: "2026-01-20" }),
    ).toThrow(/cooling-off period ended/);
  });
});

describe("charges", () => {
  it("refuses a charge that is not in the KFS; a late-payment charge is penal and never capitalised", () => {
    const { state, terms } = booked({ withFees: false });
    expect(() =>
      decideCharge(state, terms.contingentCharges, { code: "documentation", on: "2026-03-01" }),
    ).toThrow(/not in this loan's Key Fact Statement/);
    const bodies = decideCharge(state, terms.contingentCharges, { code: "late-payment", on: "2026-03-01" });
    expect(bodies[0]).toMatchObject({ type: "ChargeLevied", kind: "PENAL", amountPaise: 50_000n });
    const after = foldPending(state, bodies, LOAN);
    expect(outstandingPrincipal(after)).toBe(outstandingPrincipal(state));
    expect(after.instalments.map((row) => row.interestDuePaise)).toEqual(
      state.instalments.map((row) => row.interestDuePaise),
    );
  });
});

describe("days past due", () => {
  it("counts from the oldest unpaid due date and buckets by the RBI SMA classes", () => {
    const { state } = booked({ withFees: false });
    const due = state.instalments[0]!.dueDate;
    expect(daysPastDue(state, due)).toBe(0);
    expect(daysPastDue(state, "2026-02-11")).toBe(1);
    expect(daysPastDue(state, "2026-04-11")).toBe(60);
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(dpdBucket)).toEqual([
      "CURRENT",
      "SMA-0",
      "SMA-0",
      "SMA-1",
      "SMA-1",
      "SMA-2",
      "SMA-2",
      "NPA",
    ]);
  });
});

const commandArb: fc.Arbitrary<HistoryCommand> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("repay" as const),
      days: fc.nat(45),
      fraction: fc.double({ min: 0.05, max: 3, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("prepay" as const),
      days: fc.nat(45),
      fraction: fc.double({ min: 0.01, max: 0.9, noNaN: true }),
      mode: fc.constantFrom("REDUCE_EMI" as const, "REDUCE_TENURE" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("late-charge" as const), days: fc.nat(45) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("foreclose" as const), days: fc.nat(45), extra: fc.nat(5_000) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cooling-off" as const), days: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), days: fc.nat(90) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wrong-amount" as const), days: fc.nat(20) }) },
);

const specArb: fc.Arbitrary<HistorySpec> = fc.record({
  principalRupees: fc.integer({ min: 1_000, max: 500_000 }),
  tenor: fc.integer({ min: 1, max: 24 }),
  rateBps: fc.integer({ min: 0, max: 3_600 }),
  withFees: fc.boolean(),
  principalFirst: fc.boolean(),
  commands: fc.array(commandArb, { maxLength: 14 }),
});

describe("event sourcing properties (random histories)", () => {
  it("a rebuild from scratch equals the live projection stored after each event, and the ledger agrees", () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const { events } = playHistory(LOAN, spec);
        // Live: folded one event at a time, stored as JSON and read back between events (as loan_state is).
        let live: LoanProjection | null = null;
        const journals = [];
        for (const [index, event] of events.entries()) {
          journals.push(...journalsFor(event.body, live));
          const next = applyEvent(live, { loanId: LOAN, version: index + 1, body: event.body });
          live = projectionFromJson(JSON.parse(JSON.stringify(projectionToJson(next))));
          for (const journal of journals)
            expect(journal.legs.reduce((sum, leg) => sum + leg.amountPaise, 0n)).toBe(0n);
        }
        const rebuilt = foldEvents(
          events.map((event, index) => ({ loanId: LOAN, version: index + 1, body: event.body })),
        );
        expect(rebuilt).toEqual(live);
        const ledger = balances(journals);
        const expected = expectedReceivables(rebuilt!);
        expect(ledger.PRINCIPAL_RECEIVABLE).toBe(expected.PRINCIPAL_RECEIVABLE);
        expect(ledger.FEES_RECEIVABLE).toBe(expected.FEES_RECEIVABLE);
        expect(ledger.PENAL_RECEIVABLE).toBe(expected.PENAL_RECEIVABLE);
        expect(ledger.PRINCIPAL_RECEIVABLE).toBeGreaterThanOrEqual(0n);
        expect(-ledger.BORROWER_REFUND_PAYABLE).toBe(rebuilt!.refundDuePaise);
        expect(-ledger.SUSPENSE).toBe(rebuilt!.suspensePaise);
        // Everything the borrower paid is in collections; nothing owed after closure.
        if (rebuilt!.status !== "ACTIVE") expect(totalOutstanding(rebuilt!)).toBe(0n);
      }),
      { numRuns: 2_000 },
    );
  }, 120_000);
});
