/** Writes outbox rows inside the caller's transaction; the relay (workers process) moves them to BullMQ. */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/client";
import type { JobContract, JobPayload } from "../queues/define-job";

export interface EmitOptions {
  /** Rows with the same key reach their queue in the order they were written. */
  orderingKey?: string;
  /** Deduplication id on the queue; defaults to a fresh id (each emit is one job). */
  jobId?: string;
  delayMs?: number;
}

export interface PendingOutboxRow {
  queue: string;
  jobName: string;
  payload: Prisma.InputJsonValue;
  orderingKey: string | null;
  jobId: string;
  delayMs: number;
}

/** Validates the payload against the contract now, so a bad payload fails the write, not the job. */
export function outboxRow<C extends JobContract>(
  contract: C,
  payload: JobPayload<C>,
  options: EmitOptions = {},
): PendingOutboxRow {
  const parsed = contract.payload.parse(payload);
  const jobId = options.jobId ?? `${contract.name}.${randomUUID()}`;
  if (jobId.includes(":")) throw new Error(`job id may not contain ':' (${jobId})`);
  return {
    queue: contract.queue,
    jobName: contract.name,
    payload: parsed as Prisma.InputJsonValue,
    orderingKey: options.orderingKey ?? null,
    jobId,
    delayMs: options.delayMs ?? 0,
  };
}

export async function insertOutboxRows(
  tx: Prisma.TransactionClient,
  rows: PendingOutboxRow[],
  meta: { correlationId: string | null; now: Date },
): Promise<void> {
  if (rows.length === 0) return;
  // A job id already in the outbox names the same job (BullMQ would also keep it once), so a second emit of
  // it, say by two sweeps racing, is a no-op rather than an error that rolls back the caller's work.
  await tx.outboxEvent.createMany({
    skipDuplicates: true,
    data: rows.map((row) => ({
      ...row,
      correlationId: meta.correlationId,
      createdAt: meta.now,
      availableAt: meta.now,
    })),
  });
}
