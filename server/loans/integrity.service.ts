/**
 * Loan-book integrity checks: every event row still hashes to what was written (and to the hash the audit
 * chain recorded when it was appended), and the ledger agrees with the projection.
 */
import type { Db } from "../platform/db/client";
import { eventBodyFromJson, projectionFromJson } from "./domain/events";
import { expectedReceivables } from "./domain/ledger";
import { eventHash, isoDateOf } from "./event-store";

export interface EventIntegrityProblem {
  loanId: string;
  version: number;
  problem: "row-edited" | "hash-not-in-audit-chain" | "missing-event";
}

/** Re-hashes each event row and compares it with the row's hash and the audit chain's record. */
export async function verifyLoanEvents(db: Db, loanId: string): Promise<EventIntegrityProblem[]> {
  const [events, audits] = await Promise.all([
    db.loanEvent.findMany({ where: { loanId }, orderBy: { version: "asc" } }),
    db.auditEvent.findMany({
      where: { entityType: "loan", entityId: loanId, action: { startsWith: "loan.event." } },
      select: { summary: true },
    }),
  ]);
  const audited = new Map<number, string>();
  for (const audit of audits) {
    const summary = audit.summary as { version?: number; eventHash?: string };
    if (typeof summary.version === "number" && summary.eventHash)
      audited.set(summary.version, summary.eventHash);
  }
  const problems: EventIntegrityProblem[] = [];
  for (const event of events) {
    const recomputed = eventHash({
      loanId,
      version: event.version,
      type: event.type,
      payload: event.payload,
      businessDate: isoDateOf(event.businessDate),
    });
    if (recomputed !== event.hash) problems.push({ loanId, version: event.version, problem: "row-edited" });
    else if (audited.get(event.version) !== recomputed) {
      problems.push({ loanId, version: event.version, problem: "hash-not-in-audit-chain" });
    }
    const body = eventBodyFromJson(event.payload);
    if (body.type !== event.type) problems.push({ loanId, version: event.version, problem: "row-edited" });
  }
  for (const version of audited.keys()) {
    if (!events.some((event) => event.version === version))
      problems.push({ loanId, version, problem: "missing-event" });
  }
  return problems;
}

/** Ledger balances per receivable account against what the projection says is owed. */
export async function reconcileLoan(db: Db, loanId: string) {
  const [state, sums] = await Promise.all([
    db.loanState.findUnique({ where: { loanId } }),
    db.ledgerPosting.groupBy({ by: ["account"], where: { loanId }, _sum: { amountPaise: true } }),
  ]);
  if (!state) return null;
  const ledger = Object.fromEntries(sums.map((row) => [row.account, row._sum.amountPaise ?? 0n]));
  const expected = expectedReceivables(projectionFromJson(state.state));
  return {
    ledger,
    expected,
    agrees:
      (ledger.PRINCIPAL_RECEIVABLE ?? 0n) === expected.PRINCIPAL_RECEIVABLE &&
      (ledger.FEES_RECEIVABLE ?? 0n) === expected.FEES_RECEIVABLE &&
      (ledger.PENAL_RECEIVABLE ?? 0n) === expected.PENAL_RECEIVABLE,
  };
}
