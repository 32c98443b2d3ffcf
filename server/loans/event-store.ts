/**
 * The loan event store: appends events with a per-loan version (optimistic concurrency: an append names
 * the version it read; UNIQUE (loan_id, version) refuses a second writer), posts each event's balanced
 * journals, updates the live projection (loan_state) and records each event's hash in the audit chain, all
 * in the caller's transaction.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../platform/audit/audit-hash";
import type { Db, Prisma } from "../platform/db/client";
import { AppError } from "../platform/errors";
import type { UnitOfWork } from "../platform/unit-of-work";
import type { IsoDate } from "./domain/dates";
import {
  applyEvent,
  eventBodyFromJson,
  eventBodyToJson,
  type LoanEventBody,
  type LoanProjection,
  LoanRuleError,
  nextDue,
  oldestUnpaid,
  outstandingPrincipal,
  projectionFromJson,
  projectionToJson,
  type StoredLoanEvent,
  totalOutstanding,
  unpaidOf,
} from "./domain/events";
import { journalsFor } from "./domain/ledger";
import { issueNoDuesJob } from "./jobs";

type Tx = Prisma.TransactionClient;

export class ConcurrencyError extends AppError {
  constructor(loanId: string, expected: number) {
    super("CONFLICT", "This loan changed while you were working on it. Try again.", {
      details: { loanId, expectedVersion: expected },
    });
  }
}

export function eventHash(input: {
  loanId: string;
  version: number;
  type: string;
  payload: unknown;
  businessDate: IsoDate;
}): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        loanId: input.loanId,
        version: input.version,
        type: input.type,
        payload: input.payload,
        businessDate: input.businessDate,
      }),
    )
    .digest("hex");
}

export function isoDateOf(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function dateOf(iso: IsoDate): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Reads the live projection; `lock` takes a row lock so writers to one loan queue instead of retrying. */
export async function loadProjection(
  tx: Tx | Db,
  loanId: string,
  options: { lock?: boolean } = {},
): Promise<LoanProjection | null> {
  const rows = await (tx as Tx).$queryRawUnsafe<{ state: unknown }[]>(
    `SELECT state FROM loan_state WHERE loan_id = $1::uuid${options.lock ? " FOR UPDATE" : ""}`,
    loanId,
  );
  const row = rows[0];
  return row ? projectionFromJson(row.state) : null;
}

function stateColumns(state: LoanProjection, businessDate: IsoDate) {
  const oldest = oldestUnpaid(state);
  const next = state.status === "ACTIVE" ? nextDue(state, businessDate) : null;
  return {
    version: state.version,
    status: state.status,
    outstandingPrincipalPaise: outstandingPrincipal(state),
    totalOutstandingPaise: totalOutstanding(state),
    paidPaise: state.received.totalPaise,
    oldestUnpaidDueDate: state.status === "ACTIVE" && oldest ? dateOf(oldest.dueDate) : null,
    nextDueDate: next ? dateOf(next.dueDate) : null,
    nextDuePaise: next ? unpaidOf(next) : 0n,
    suspensePaise: state.suspensePaise,
    closedOn: state.closedOn ? dateOf(state.closedOn) : null,
    closureReason: state.closureReason,
    state: projectionToJson(state) as Prisma.InputJsonValue,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { code?: string; message?: string })?.code ?? "");
  const message = String((error as { message?: string })?.message ?? "");
  return text === "P2002" || message.includes("loan_event_loan_id_version_key") || message.includes("23505");
}

/**
 * Appends `bodies` after `expectedVersion`, posting journals and updating the projection. Throws
 * ConcurrencyError if another writer appended first. Returns the new projection.
 */
export async function appendLoanEvents(
  uow: Pick<UnitOfWork, "tx" | "audit" | "emit" | "now" | "ctx">,
  input: {
    loanId: string;
    expectedVersion: number;
    before: LoanProjection | null;
    bodies: readonly LoanEventBody[];
    businessDate: IsoDate;
  },
): Promise<LoanProjection> {
  const { tx } = uow;
  if ((input.before?.version ?? 0) !== input.expectedVersion)
    throw new ConcurrencyError(input.loanId, input.expectedVersion);
  let state = input.before;
  const journals: {
    eventVersion: number;
    description: string;
    legs: { account: string; amountPaise: bigint }[];
  }[] = [];
  const eventRows: Prisma.LoanEventCreateManyInput[] = [];
  for (const [index, body] of input.bodies.entries()) {
    const version = input.expectedVersion + index + 1;
    const stored: StoredLoanEvent = { loanId: input.loanId, version, body };
    let next: LoanProjection;
    try {
      for (const entry of journalsFor(body, state)) journals.push({ eventVersion: version, ...entry });
      next = applyEvent(state, stored);
    } catch (error) {
      if (error instanceof LoanRuleError)
        throw new AppError("UNPROCESSABLE", error.message, { cause: error });
      throw error;
    }
    const payload = eventBodyToJson(body);
    const hash = eventHash({
      loanId: input.loanId,
      version,
      type: body.type,
      payload,
      businessDate: input.businessDate,
    });
    eventRows.push({
      loanId: input.loanId,
      version,
      type: body.type,
      payload: payload as Prisma.InputJsonValue,
      occurredAt: uow.now,
      businessDate: dateOf(input.businessDate),
      actorId: uow.ctx.actor.auditId,
      correlationId: uow.ctx.correlationId,
      hash,
    });
    uow.audit({
      action: `loan.event.${body.type}`,
      entityType: "loan",
      entityId: input.loanId,
      data: { version, eventHash: hash },
    });
    state = next;
  }
  if (!state) throw new AppError("BAD_REQUEST", "Nothing to record.");
  let inserted: { id: bigint; version: number }[];
  try {
    inserted = await tx.loanEvent.createManyAndReturn({
      data: eventRows,
      select: { id: true, version: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConcurrencyError(input.loanId, input.expectedVersion);
    throw error;
  }
  const idByVersion = new Map(inserted.map((row) => [row.version, row.id]));
  for (const entry of journals) {
    const eventId = idByVersion.get(entry.eventVersion);
    if (eventId === undefined) throw new Error("event id missing");
    const journal = await tx.ledgerJournal.create({
      data: {
        loanId: input.loanId,
        eventId,
        description: entry.description,
        businessDate: dateOf(input.businessDate),
        postedAt: uow.now,
      },
      select: { id: true },
    });
    await tx.ledgerPosting.createMany({
      data: entry.legs.map((leg) => ({
        journalId: journal.id,
        loanId: input.loanId,
        account: leg.account as Prisma.LedgerPostingCreateManyInput["account"],
        amountPaise: leg.amountPaise,
      })),
    });
  }
  const columns = { ...stateColumns(state, input.businessDate), updatedAt: uow.now };
  if (input.expectedVersion === 0) {
    await tx.loanState.create({ data: { loanId: input.loanId, ...columns } });
  } else {
    const updated = await tx.loanState.updateMany({
      where: { loanId: input.loanId, version: input.expectedVersion },
      data: columns,
    });
    if (updated.count !== 1) throw new ConcurrencyError(input.loanId, input.expectedVersion);
  }
  if (state.status !== "ACTIVE" && input.before?.status === "ACTIVE") {
    uow.emit(issueNoDuesJob, { loanId: input.loanId }, { jobId: `loans.no-dues.${input.loanId}` });
  }
  return state;
}

/** Reads a loan's events in version order. */
export async function readLoanEvents(db: Db | Tx, loanId: string): Promise<StoredLoanEvent[]> {
  const rows = await db.loanEvent.findMany({ where: { loanId }, orderBy: { version: "asc" } });
  return rows.map((row) => ({ loanId, version: row.version, body: eventBodyFromJson(row.payload) }));
}

/** The projection columns for a state (exported for the rebuild and its comparison). */
export { stateColumns };
