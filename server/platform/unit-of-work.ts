/**
 * The write-audit-outbox spine. A command runs in one database transaction; the audit events and
 * outbox rows it records commit with its state change, or not at all.
 *
 *   await runCommand(deps, ctx, async ({ tx, audit, emit, now }) => { ...change state...; audit(...); emit(...) })
 */
import type { Actor } from "./actor";
import { type AuditEntry, appendAuditEvents } from "./audit/audit-writer";
import type { Clock } from "./clock";
import type { Db, Prisma } from "./db/client";
import { type EmitOptions, insertOutboxRows, outboxRow, type PendingOutboxRow } from "./outbox/outbox-writer";
import type { JobContract, JobPayload } from "./queues/define-job";

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  ip: string | null;
  clock: Clock;
}

export interface CommandDeps {
  db: Db;
}

export interface UnitOfWork {
  tx: Prisma.TransactionClient;
  /** The command's time: one instant for everything it records. */
  now: Date;
  ctx: CommandContext;
  audit(entry: AuditEntry): void;
  emit<C extends JobContract>(contract: C, payload: JobPayload<C>, options?: EmitOptions): void;
  /** Runs after the transaction commits (e.g. a cache publish); never for anything that must not be lost. */
  afterCommit(effect: () => Promise<void> | void): void;
}

export interface RunCommandOptions {
  timeoutMs?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

export async function runCommand<T>(
  deps: CommandDeps,
  ctx: CommandContext,
  fn: (uow: UnitOfWork) => Promise<T>,
  options: RunCommandOptions = {},
): Promise<T> {
  const afterCommit: (() => Promise<void> | void)[] = [];
  const result = await deps.db.$transaction(
    async (tx) => {
      const now = ctx.clock.now();
      const auditEntries: AuditEntry[] = [];
      const outbox: PendingOutboxRow[] = [];
      const value = await fn({
        tx,
        now,
        ctx,
        audit: (entry) => auditEntries.push(entry),
        emit: (contract, payload, emitOptions) => outbox.push(outboxRow(contract, payload, emitOptions)),
        afterCommit: (effect) => afterCommit.push(effect),
      });
      await appendAuditEvents(tx, auditEntries, {
        actorId: ctx.actor.auditId,
        actorRole: ctx.actor.roles[0] ?? null,
        correlationId: ctx.correlationId,
        ip: ctx.ip,
        occurredAt: now,
      });
      await insertOutboxRows(tx, outbox, { correlationId: ctx.correlationId, now });
      return value;
    },
    { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000, isolationLevel: options.isolationLevel },
  );
  for (const effect of afterCommit) {
    try {
      await effect();
    } catch {
      // After-commit effects are best-effort by contract: the committed state is the source of truth.
    }
  }
  return result;
}
