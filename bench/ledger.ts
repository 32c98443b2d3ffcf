/**
 * BENCH ledger: repayments posted through the event store (lock the loan's projection, decide the
 * allocation, append the event, post the balanced journal, update the projection, audit: one
 * transaction each) versus a bare peer inserting the same balanced postings with plain SQL (no events,
 * projection or audit), same concurrency, alternated ×3, medians. Then the projection rebuild from
 * scratch for 100,000 loans (300,000 events) in a throwaway database.
 */

import { decidePayment, runLoanCommand } from "@/server/loans/loan-commands.service";
import { rebuildLoanStates } from "@/server/loans/projections.service";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { median, round } from "./lib/load";
import { benchDatabase, bookBenchLoan, cloneLoan } from "./lib/loans-db";

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await run(item);
      }
    }),
  );
}

export default async function ledgerBench({ args }: { appUrl: string; args: string[] }): Promise<string> {
  const repaymentsPerRound = Number(args[0] ?? 600);
  const rebuildLoans = Number(args[1] ?? 100_000);
  const concurrency = 16;
  const bench = await benchDatabase("ledger");
  const { db } = bench;
  try {
    const loans: string[] = [];
    for (let index = 0; index < 64; index++)
      loans.push((await bookBenchLoan(db, "2026-03-06", index)).loanId);
    const ctx = {
      actor: systemActor("bench"),
      correlationId: "bench-ledger",
      ip: null,
      clock: fixedClock("2026-03-20T06:00:00Z"),
    };
    let sequence = 0;

    const viaEventStore = async () => {
      const before = await db.ledgerPosting.count();
      const started = performance.now();
      await pool(
        Array.from({ length: repaymentsPerRound }, (_, i) => loans[i % loans.length] as string),
        concurrency,
        (loanId) =>
          runLoanCommand({ db }, ctx, loanId, ({ state, loan, businessDate }) => ({
            bodies: decidePayment(state, loan, {
              paymentId: `b-${sequence++}`,
              amountPaise: 1_000n,
              intent: "EMI",
              on: businessDate,
            }),
          })),
      );
      const seconds = (performance.now() - started) / 1000;
      return ((await db.ledgerPosting.count()) - before) / seconds;
    };

    const bare = async () => {
      const journalEvent = await db.loanEvent.findFirstOrThrow({ where: { loanId: loans[0] } });
      const before = await db.ledgerPosting.count();
      const started = performance.now();
      await pool(
        Array.from({ length: repaymentsPerRound }, (_, i) => loans[i % loans.length] as string),
        concurrency,
        (loanId) =>
          db.$transaction(async (tx) => {
            const [journal] = await tx.$queryRawUnsafe<{ id: bigint }[]>(
              "INSERT INTO ledger_journal (loan_id, event_id, description, business_date, posted_at) VALUES ($1::uuid, $2, 'bare repayment', '2026-03-20', now()) RETURNING id",
              loanId,
              journalEvent.id,
            );
            await tx.$executeRawUnsafe(
              "INSERT INTO ledger_posting (journal_id, loan_id, account, amount_paise) VALUES ($1, $2::uuid, 'COLLECTIONS', 1000), ($1, $2::uuid, 'INTEREST_INCOME', -400), ($1, $2::uuid, 'PRINCIPAL_RECEIVABLE', -600)",
              journal?.id,
              loanId,
            );
          }),
      );
      const seconds = (performance.now() - started) / 1000;
      return ((await db.ledgerPosting.count()) - before) / seconds;
    };

    await viaEventStore(); // warm-up
    const flux: number[] = [];
    const peer: number[] = [];
    for (let roundIndex = 0; roundIndex < 3; roundIndex++) {
      flux.push(await viaEventStore());
      peer.push(await bare());
      console.log(
        `round ${roundIndex + 1}: event store ${round(flux.at(-1) ?? 0, 0)} postings/s, bare SQL ${round(peer.at(-1) ?? 0, 0)} postings/s`,
      );
    }

    // Rebuild: one booked loan with a repayment (3 events), cloned to `rebuildLoans` loans.
    const template = await bookBenchLoan(db, "2026-03-06", 9_999);
    await runLoanCommand({ db }, ctx, template.loanId, ({ state, loan, businessDate }) => ({
      bodies: decidePayment(state, loan, {
        paymentId: "tmpl",
        amountPaise: 50_000n,
        intent: "EMI",
        on: businessDate,
      }),
    }));
    const cloneStarted = performance.now();
    await cloneLoan(db, template.loanId, rebuildLoans - 1, { events: true });
    console.log(
      `cloned ${rebuildLoans - 1} loans with their events in ${round((performance.now() - cloneStarted) / 1000, 1)} s`,
    );
    const started = performance.now();
    const report = await rebuildLoanStates(db, { pageSize: 2_000 });
    const rebuildSeconds = (performance.now() - started) / 1000;
    console.log(
      `rebuilt ${report.loans} loans from ${report.events} events in ${round(rebuildSeconds, 1)} s; mismatches: ${report.mismatches.length}`,
    );
    const fluxRate = median(flux);
    const bareRate = median(peer);
    return `BENCH ledger postings_per_s=${round(fluxRate, 0)} rebuild_100k_s=${round(rebuildSeconds * (100_000 / Math.max(report.loans, 1)), 1)} bare_postings_per_s=${round(bareRate, 0)} ratio=${round(fluxRate / bareRate, 3)} rebuilt_loans=${report.loans} rebuild_mismatches=${report.mismatches.length} concurrency=${concurrency}`;
  } finally {
    await bench.drop();
  }
}
