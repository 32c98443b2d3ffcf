/**
 * Moves committed outbox rows to their BullMQ queues (runs in the workers process).
 *
 * - Woken by NOTIFY on insert, and by a poll as a safety net.
 * - One relay drains at a time (transaction advisory lock); others stand by, so per-key order holds.
 * - A row whose ordering key has an earlier unsent row waiting for a retry is held back.
 * - When Redis is down, rows stay unsent with a backoff and the error recorded: delayed, never lost.
 * - The BullMQ job id is the row's job id, so re-sending after a crash does not duplicate a waiting job.
 */
import type { JobsOptions } from "bullmq";
import pg from "pg";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import type { JobEnvelope } from "../queues/define-job";
import type { QueueName } from "../queues/queue-names";
import type { QueueRegistry } from "../queues/queues";

export interface OutboxRelayOptions {
  db: Db;
  queues: QueueRegistry;
  /** Connection string for the LISTEN connection. */
  databaseUrl: string;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  enqueueTimeoutMs?: number;
  /** The job's default options (attempts, backoff, removal) from its contract. */
  optionsFor?: (jobName: string) => JobsOptions | undefined;
}

interface OutboxRow {
  id: bigint;
  queue: string;
  job_name: string;
  payload: unknown;
  ordering_key: string | null;
  job_id: string;
  delay_ms: number;
  correlation_id: string | null;
  attempts: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
  /** false when another relay holds the lock */
  ran: boolean;
}

export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class OutboxRelay {
  private readonly options: Required<OutboxRelayOptions>;
  private listener: pg.Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private wakeAgain = false;
  private stopped = true;

  constructor(options: OutboxRelayOptions) {
    // Defaults apply to options left out *or* passed as undefined (the runtime passes
    // `pollIntervalMs: undefined`, which a spread kept, and setInterval(fn, undefined) fires every 1 ms).
    this.options = {
      ...options,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      enqueueTimeoutMs: options.enqueueTimeoutMs ?? 5_000,
      optionsFor: options.optionsFor ?? (() => undefined),
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /** Schedules a drain; coalesces wake-ups that arrive while one is running. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = (async () => {
      try {
        do {
          this.wakeAgain = false;
          let result: DrainResult;
          do {
            result = await this.drainOnce();
          } while (!this.stopped && result.ran && result.sent === this.options.batchSize);
        } while (this.wakeAgain && !this.stopped);
      } catch (error) {
        this.options.logger.error({ err: error }, "outbox relay drain failed");
      } finally {
        this.draining = null;
      }
    })();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("error", (error) => {
      this.options.logger.warn({ err: error }, "outbox LISTEN connection lost; relying on polling");
      this.listener = null;
      setTimeout(() => {
        if (!this.stopped) this.listen().catch(() => undefined);
      }, 2_000);
    });
    client.on("notification", () => this.wake());
    await client.connect();
    await client.query("LISTEN flux_outbox");
    this.listener = client;
  }

  /** One batch. Exposed for tests and benchmarks. */
  async drainOnce(): Promise<DrainResult> {
    const { db, queues, batchSize, enqueueTimeoutMs, logger, optionsFor } = this.options;
    return db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
          "SELECT pg_try_advisory_xact_lock(hashtextextended('outbox_relay', 7)) AS locked",
        );
        if (!lock?.locked) return { sent: 0, failed: 0, ran: false };
        const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
          `SELECT o.id, o.queue, o.job_name, o.payload, o.ordering_key, o.job_id, o.delay_ms, o.correlation_id, o.attempts
             FROM outbox_event o
            WHERE o.sent_at IS NULL AND o.available_at <= now()
              AND (o.ordering_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM outbox_event p
                     WHERE p.ordering_key = o.ordering_key AND p.sent_at IS NULL AND p.id < o.id
                       AND p.available_at > now()))
            ORDER BY o.id
            LIMIT $1`,
          batchSize,
        );
        if (rows.length === 0) return { sent: 0, failed: 0, ran: true };

        const groups = new Map<string, OutboxRow[]>();
        for (const row of rows) {
          const group = groups.get(row.queue) ?? [];
          group.push(row);
          groups.set(row.queue, group);
        }
        const sentIds: bigint[] = [];
        const failedKeys = new Set<string>();
        const failed: { row: OutboxRow; error: string }[] = [];
        for (const [queueName, group] of groups) {
          // A key that failed earlier in this batch holds back its later rows.
          const sendable = group.filter((row) => !row.ordering_key || !failedKeys.has(row.ordering_key));
          if (sendable.length === 0) continue;
          try {
            const queue = queues.get(queueName as QueueName);
            await withTimeout(
              queue.addBulk(
                sendable.map((row) => ({
                  name: row.job_name,
                  data: {
                    payload: row.payload,
                    correlationId: row.correlation_id,
                    outboxId: row.id.toString(),
                  } satisfies JobEnvelope,
                  opts: {
                    ...optionsFor(row.job_name),
                    jobId: row.job_id,
                    delay: row.delay_ms > 0 ? row.delay_ms : undefined,
                  },
                })),
              ),
              enqueueTimeoutMs,
              `enqueue to ${queueName}`,
            );
            sentIds.push(...sendable.map((row) => row.id));
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            for (const row of sendable) {
              failed.push({ row, error: message });
              if (row.ordering_key) failedKeys.add(row.ordering_key);
            }
          }
        }
        if (sentIds.length > 0) {
          await tx.$executeRawUnsafe(
            "UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1::bigint[])",
            sentIds,
          );
        }
        for (const { row, error } of failed) {
          await tx.$executeRawUnsafe(
            `UPDATE outbox_event SET attempts = attempts + 1, last_error = $2,
                    available_at = now() + ($3::int * interval '1 millisecond') WHERE id = $1`,
            row.id,
            error.slice(0, 1_000),
            retryDelayMs(row.attempts + 1),
          );
        }
        if (failed.length > 0) {
          logger.warn(
            { failed: failed.length, error: failed[0]?.error },
            "outbox rows could not be enqueued; will retry",
          );
        }
        return { sent: sentIds.length, failed: failed.length, ran: true };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }
}

/** Seconds since the oldest unsent row was written (0 when none): the outbox lag. */
export async function outboxLagSeconds(db: Db): Promise<{ lagSeconds: number; pending: number }> {
  const [row] = await db.$queryRawUnsafe<{ oldest: Date | null; pending: bigint }[]>(
    "SELECT min(created_at) AS oldest, count(*) AS pending FROM outbox_event WHERE sent_at IS NULL",
  );
  const oldest = row?.oldest;
  return {
    lagSeconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0,
    pending: Number(row?.pending ?? 0),
  };
}

/** Deletes rows sent more than `olderThanMs` ago. */
export async function pruneSentOutbox(db: Db, now: Date, olderThanMs: number): Promise<number> {
  const result = await db.outboxEvent.deleteMany({
    where: { sentAt: { lt: new Date(now.getTime() - olderThanMs) } },
  });
  return result.count;
}
