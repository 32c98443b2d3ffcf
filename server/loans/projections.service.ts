/**
 * Projections of the loan event stream.
 *
 * - loan_state (live, written with each event) can be rebuilt from loan_event at any time; the rebuild
 *   compares itself with the live rows column by column and reports (or repairs) any difference.
 * - loan_activity is a TAILING projection, kept up after commit by reading new events. It must not skip an
 *   event whose id is lower than one already read but whose transaction committed later (ids come from a
 *   sequence at insert time, not at commit: Marten's "out of order" trap). So it reads by TRANSACTION
 *   horizon, not by id: each pass takes every event whose writing transaction id lies in
 *   [previous horizon, pg_snapshot_xmin(current snapshot)), i.e. every transaction that can no longer
 *   commit anything new below the horizon. A transaction still open stays above the horizon until it ends.
 */
import { canonicalJson } from "../platform/audit/audit-hash";
import type { Db, Prisma } from "../platform/db/client";
import { eventBodyFromJson, foldEvents, type LoanEventBody, type StoredLoanEvent } from "./domain/events";
import { dateOf, isoDateOf, stateColumns } from "./event-store";

export const ACTIVITY_TAIL = "loan_activity";

type Row = { loan_id: string; version: number; payload: unknown; business_date: Date };

function sameColumns(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const differing: string[] = [];
  for (const key of Object.keys(a)) {
    const left = a[key];
    const right = b[key];
    // Canonical JSON (sorted keys): a JSONB column does not keep the key order it was written with.
    const norm = (value: unknown) => canonicalJson(value);
    if (norm(left) !== norm(right)) differing.push(key);
  }
  return differing;
}

export interface RebuildReport {
  loans: number;
  events: number;
  mismatches: { loanId: string; columns: string[] }[];
  repaired: number;
}

/**
 * Rebuilds loan_state from loan_event (in pages of loans) and compares with the live rows. With
 * `repair`, differing rows are overwritten by the rebuild (audited by the caller).
 */
export async function rebuildLoanStates(
  db: Db,
  options: { repair?: boolean; loanIds?: string[]; pageSize?: number } = {},
): Promise<RebuildReport> {
  const report: RebuildReport = { loans: 0, events: 0, mismatches: [], repaired: 0 };
  const pageSize = options.pageSize ?? 500;
  let after = "00000000-0000-0000-0000-000000000000";
  const given = options.loanIds ? [...options.loanIds].sort() : null;
  let offset = 0;
  for (;;) {
    const ids = given
      ? given.slice(offset, offset + pageSize)
      : (
          await db.$queryRawUnsafe<{ id: string }[]>(
            "SELECT id::text AS id FROM loan WHERE id > $1::uuid ORDER BY id LIMIT $2",
            after,
            pageSize,
          )
        ).map((row) => row.id);
    if (ids.length === 0) break;
    offset += ids.length;
    after = ids[ids.length - 1] as string;
    const [events, live] = await Promise.all([
      db.$queryRawUnsafe<Row[]>(
        "SELECT loan_id::text AS loan_id, version, payload, business_date FROM loan_event WHERE loan_id = ANY($1::uuid[]) ORDER BY loan_id, version",
        ids,
      ),
      db.loanState.findMany({ where: { loanId: { in: ids } } }),
    ]);
    const byLoan = new Map<string, Row[]>();
    for (const row of events) {
      const list = byLoan.get(row.loan_id) ?? [];
      list.push(row);
      byLoan.set(row.loan_id, list);
    }
    const liveById = new Map(live.map((row) => [row.loanId, row]));
    for (const id of ids) {
      const rows = byLoan.get(id) ?? [];
      report.loans += 1;
      report.events += rows.length;
      const stored: StoredLoanEvent[] = rows.map((row) => ({
        loanId: id,
        version: row.version,
        body: eventBodyFromJson(row.payload) as LoanEventBody,
      }));
      const state = foldEvents(stored);
      const current = liveById.get(id);
      if (!state) {
        if (current) report.mismatches.push({ loanId: id, columns: ["(no events)"] });
        continue;
      }
      const lastDate = rows.length
        ? isoDateOf((rows[rows.length - 1] as Row).business_date)
        : state.disbursalDate;
      const rebuilt = stateColumns(state, lastDate);
      const {
        loanId: _loanId,
        updatedAt: _updatedAt,
        loan: _loan,
        ...liveColumns
      } = (current ?? {}) as Record<string, unknown> & { loanId?: string; updatedAt?: Date; loan?: unknown };
      const differing = current
        ? sameColumns(rebuilt as unknown as Record<string, unknown>, liveColumns)
        : ["(missing row)"];
      if (differing.length) {
        report.mismatches.push({ loanId: id, columns: differing });
        if (options.repair) {
          await db.loanState.upsert({
            where: { loanId: id },
            create: { loanId: id, ...rebuilt, updatedAt: new Date() },
            update: { ...rebuilt, updatedAt: new Date() },
          });
          report.repaired += 1;
        }
      }
    }
    if (given && ids.length < pageSize) break;
  }
  return report;
}

/** Money a repayment-type event brought in (for the activity counters). */
function collected(body: LoanEventBody): bigint {
  switch (body.type) {
    case "RepaymentReceived":
    case "PaymentHeld":
    case "Prepaid":
    case "Foreclosed":
    case "CoolingOffExited":
      return body.amountPaise;
    default:
      return 0n;
  }
}

/**
 * One pass of the loan_activity tail. Returns how many events it applied. Safe to run concurrently
 * (the checkpoint row is locked for the pass).
 */
export async function tailLoanActivity(
  db: Db,
  name = ACTIVITY_TAIL,
): Promise<{ applied: number; horizon: bigint }> {
  return db.$transaction(
    async (tx: Prisma.TransactionClient) => {
      await tx.$executeRawUnsafe(
        "INSERT INTO loan_projection_checkpoint (name, tx_horizon, updated_at) VALUES ($1, 0, now()) ON CONFLICT (name) DO NOTHING",
        name,
      );
      const [checkpoint] = await tx.$queryRawUnsafe<{ tx_horizon: bigint }[]>(
        "SELECT tx_horizon FROM loan_projection_checkpoint WHERE name = $1 FOR UPDATE",
        name,
      );
      const [{ horizon } = { horizon: 0n }] = await tx.$queryRawUnsafe<{ horizon: bigint }[]>(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon",
      );
      const from = checkpoint?.tx_horizon ?? 0n;
      if (horizon <= from) return { applied: 0, horizon: from };
      const rows = await tx.$queryRawUnsafe<{ loan_id: string; version: number; payload: unknown }[]>(
        "SELECT loan_id::text AS loan_id, version, payload FROM loan_event WHERE tx_id >= $1 AND tx_id < $2 ORDER BY tx_id, id",
        from,
        horizon,
      );
      const perLoan = new Map<string, { count: number; last: number; collected: bigint }>();
      for (const row of rows) {
        const entry = perLoan.get(row.loan_id) ?? { count: 0, last: 0, collected: 0n };
        entry.count += 1;
        entry.last = Math.max(entry.last, row.version);
        entry.collected += collected(eventBodyFromJson(row.payload));
        perLoan.set(row.loan_id, entry);
      }
      for (const [loanId, entry] of perLoan) {
        await tx.$executeRawUnsafe(
          `INSERT INTO loan_activity (loan_id, event_count, last_version, collected_paise, updated_at)
           VALUES ($1::uuid, $2, $3, $4, now())
           ON CONFLICT (loan_id) DO UPDATE SET
             event_count = loan_activity.event_count + EXCLUDED.event_count,
             last_version = GREATEST(loan_activity.last_version, EXCLUDED.last_version),
             collected_paise = loan_activity.collected_paise + EXCLUDED.collected_paise,
             updated_at = now()`,
          loanId,
          entry.count,
          entry.last,
          entry.collected,
        );
      }
      await tx.$executeRawUnsafe(
        "UPDATE loan_projection_checkpoint SET tx_horizon = $2, updated_at = now() WHERE name = $1",
        name,
        horizon,
      );
      return { applied: rows.length, horizon };
    },
    { timeout: 60_000 },
  );
}

export { dateOf };
