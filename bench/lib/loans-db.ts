/**
 * A throwaway database for the loan benchmarks (migrated from prisma/migrations), so 100k cloned loans
 * never land in the stack's own database, and bulk cloning of a booked loan (SQL, generate_series).
 */
import pg from "pg";
import { bookLoanFromAcceptedOffer } from "@/server/loans/book.service";
import { demoAcceptedOffer, demoTerms } from "@/server/loans/offer-fixture";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { createDb, type Db } from "@/server/platform/db/client";
import { applyMigrations } from "@/server/platform/db/migrate";
import { stackDatabaseUrl } from "./stack-env";

export async function benchDatabase(label: string): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const base = new URL(await stackDatabaseUrl());
  const name = `flux_bench_${label}_${process.pid}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  const db = createDb(url.toString(), { max: 20 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.$disconnect();
      const dropper = new pg.Client({ connectionString: admin.toString() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export const BENCH_USER = "0193b000-0000-7000-8000-000000000001";
export const BENCH_ORG = "0193b000-0000-7000-8000-000000000002";
export const BENCH_STORE = "0193b000-0000-7000-8000-000000000003";

export async function bookBenchLoan(db: Db, disbursalDate: string, index = 0) {
  return bookLoanFromAcceptedOffer(
    { db },
    {
      actor: systemActor("bench"),
      correlationId: `bench-${index}`,
      ip: null,
      clock: fixedClock(`${disbursalDate}T06:00:00Z`),
    },
    demoAcceptedOffer({
      borrower: {
        userId: BENCH_USER,
        name: "Bench Borrower",
        phone: `+9190000${String(index).padStart(5, "0")}`,
      },
      merchant: { organisationId: BENCH_ORG, storeId: BENCH_STORE },
      terms: demoTerms({ disbursalDate, charges: [] }),
    }),
  );
}

/** Clones a booked loan `copies` times (loan, loan_state and, optionally, its events) in one statement each. */
export async function cloneLoan(db: Db, loanId: string, copies: number, options: { events?: boolean } = {}) {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(
        `CREATE TEMP TABLE clone_ids ON COMMIT DROP AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, $1) n`,
        copies,
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO loan (id, application_id, offer_id, proposal_number, reference, lender_code, lender_name,
           lender_loan_reference, borrower_user_id, borrower_name, borrower_phone, borrower_email,
           merchant_organisation_id, store_id, purchase_description, principal_paise, emi_paise, annual_rate_bps,
           apr_bps, tenor, disbursal_date, maturity_date, cooling_off_days, terms, kfs, kfs_version, accepted_at, created_at)
         SELECT c.id, gen_random_uuid(), l.offer_id, 'BENCH-' || c.n || '-' || substr(c.id::text, 1, 8), 'FLX-B' || c.n || substr(c.id::text, 1, 4),
           l.lender_code, l.lender_name, l.lender_loan_reference, l.borrower_user_id, l.borrower_name,
           '+9191' || lpad(c.n::text, 8, '0'), l.borrower_email, l.merchant_organisation_id, l.store_id,
           l.purchase_description, l.principal_paise, l.emi_paise, l.annual_rate_bps, l.apr_bps, l.tenor,
           l.disbursal_date, l.maturity_date, l.cooling_off_days, l.terms, l.kfs, l.kfs_version, l.accepted_at, l.created_at
         FROM loan l CROSS JOIN clone_ids c WHERE l.id = $1::uuid`,
        loanId,
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO loan_state (loan_id, version, status, outstanding_principal_paise, total_outstanding_paise, paid_paise,
           oldest_unpaid_due_date, next_due_date, next_due_paise, suspense_paise, closed_on, closure_reason, state, updated_at)
         SELECT c.id, s.version, s.status, s.outstanding_principal_paise, s.total_outstanding_paise, s.paid_paise,
           s.oldest_unpaid_due_date, s.next_due_date, s.next_due_paise, s.suspense_paise, s.closed_on, s.closure_reason,
           jsonb_set(s.state, '{loanId}', to_jsonb(c.id::text)), s.updated_at
         FROM loan_state s CROSS JOIN clone_ids c WHERE s.loan_id = $1::uuid`,
        loanId,
      );
      if (options.events) {
        await tx.$executeRawUnsafe(
          `INSERT INTO loan_event (loan_id, version, type, payload, occurred_at, business_date, actor_id, correlation_id, hash)
           SELECT c.id, e.version, e.type, e.payload, e.occurred_at, e.business_date, e.actor_id, e.correlation_id, e.hash
           FROM loan_event e CROSS JOIN clone_ids c WHERE e.loan_id = $1::uuid`,
          loanId,
        );
      }
    },
    { timeout: 600_000 },
  );
}
