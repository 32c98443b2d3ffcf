/**
 * The workers runtime: BullMQ workers for every queue, the outbox relay, schedules, heartbeat, job
 * metrics, dead-letter recording and graceful shutdown. `startWorkers` is used by workers/main.ts and by
 * integration tests (which run it in-process against their own database and Redis prefix).
 */
import { type Job, type JobsOptions, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { ZodError } from "zod";
import { jobContract } from "@/server/jobs";
import type { Db } from "@/server/platform/db/client";
import type { Logger } from "@/server/platform/logger";
import { HEARTBEAT_INTERVAL_MS, startHeartbeat } from "@/server/platform/observability/heartbeat";
import { recordJobOutcome } from "@/server/platform/observability/job-metrics";
import { recordDeadLetter } from "@/server/platform/ops/queues.service";
import { OutboxRelay } from "@/server/platform/outbox/outbox-relay";
import type { JobEnvelope } from "@/server/platform/queues/define-job";
import { QUEUE_NAMES, QUEUES, type QueueName } from "@/server/platform/queues/queue-names";
import type { QueueRegistry } from "@/server/platform/queues/queues";
import { runWithContext } from "@/server/platform/request-context";
import { PROCESSORS, SCHEDULES, type WorkerDeps } from "./processors";

export interface WorkersOptions {
  deps: WorkerDeps;
  db: Db;
  databaseUrl: string;
  queues: QueueRegistry;
  /** Creates a blocking connection for each Worker. */
  createWorkerConnection: () => Redis;
  /** General connection for heartbeats and metrics. */
  redis: Redis;
  prefix: string;
  logger: Logger;
  queueNames?: QueueName[];
  concurrency?: Partial<Record<QueueName, number>>;
  schedules?: boolean;
  relayPollIntervalMs?: number;
  /** Overrides contract job options (tests shorten backoffs). */
  jobOptions?: (jobName: string) => JobsOptions | undefined;
}

export interface RunningWorkers {
  workers: Worker[];
  relay: OutboxRelay;
  stop(): Promise<void>;
}

export async function startWorkers(options: WorkersOptions): Promise<RunningWorkers> {
  const { deps, logger, prefix, redis } = options;
  const handlers = new Map(PROCESSORS.map((processor) => [processor.contract.name, processor]));
  const queueNames = options.queueNames ?? QUEUE_NAMES;
  const connections: Redis[] = [];

  async function process(job: Job): Promise<unknown> {
    const contract = jobContract(job.name);
    const processor = handlers.get(job.name);
    if (!contract || !processor) throw new UnrecoverableError(`no processor for job ${job.name}`);
    const envelope = job.data as JobEnvelope;
    let payload: unknown;
    try {
      payload = contract.payload.parse(envelope?.payload);
    } catch (error) {
      if (error instanceof ZodError)
        throw new UnrecoverableError(`payload does not match ${job.name}: ${error.message}`);
      throw error;
    }
    return runWithContext({ correlationId: envelope.correlationId ?? `job-${job.id}` }, () =>
      processor.handle(payload as never, job, deps),
    );
  }

  const workers = queueNames.map((name) => {
    const connection = options.createWorkerConnection();
    connections.push(connection);
    const config = QUEUES[name];
    const worker = new Worker(name, process, {
      connection,
      prefix,
      concurrency: options.concurrency?.[name] ?? config.concurrency,
      limiter: "limiter" in config ? config.limiter : undefined,
      stalledInterval: 15_000,
      maxStalledCount: 2,
    });
    worker.on("completed", (job) => {
      const durationMs = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
      recordJobOutcome(redis, prefix, {
        queue: name,
        name: job.name,
        durationMs,
        outcome: "completed",
      }).catch(() => undefined);
    });
    worker.on("failed", (job, error) => {
      if (!job) return;
      const durationMs = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
      recordJobOutcome(redis, prefix, { queue: name, name: job.name, durationMs, outcome: "failed" }).catch(
        () => undefined,
      );
      const final =
        job.attemptsMade >= (job.opts.attempts ?? 1) ||
        error instanceof UnrecoverableError ||
        error.name === "UnrecoverableError";
      logger[final ? "error" : "warn"](
        { job: job.name, jobId: job.id, attempt: job.attemptsMade, err: error },
        final ? "job failed for good" : "job failed; will retry",
      );
      if (final) {
        recordDeadLetter(options.db, {
          queue: name,
          jobName: job.name,
          jobId: job.id ?? "unknown",
          payload: (job.data as JobEnvelope)?.payload ?? null,
          error: error.message,
          attemptsMade: job.attemptsMade,
          failedAt: new Date(),
        }).catch((recordError) => logger.error({ err: recordError }, "could not record dead letter"));
      }
    });
    worker.on("error", (error) => logger.warn({ err: error, queue: name }, "worker connection error"));
    return worker;
  });

  if (options.schedules !== false) {
    try {
      for (const schedule of SCHEDULES) {
        // Each schedule runs on its contract's queue (maintenance, funds, ...).
        await options.queues.get(schedule.contract.queue).upsertJobScheduler(schedule.id, schedule.repeat, {
          name: schedule.contract.name,
          data: {
            payload: {},
            correlationId: `schedule-${schedule.id}`,
            outboxId: null,
          } satisfies JobEnvelope,
          opts: schedule.contract.options,
        });
      }
    } catch (error) {
      logger.warn(
        { err: error },
        "could not register schedules (Redis down?); they will be registered at next start",
      );
    }
  }

  const relay = new OutboxRelay({
    db: options.db,
    queues: options.queues,
    databaseUrl: options.databaseUrl,
    logger,
    pollIntervalMs: options.relayPollIntervalMs,
    optionsFor: options.jobOptions ?? ((name) => jobContract(name)?.options),
  });
  await relay.start();
  const heartbeat = startHeartbeat(redis, prefix, queueNames);
  logger.info({ queues: queueNames, heartbeatEveryMs: HEARTBEAT_INTERVAL_MS }, "workers started");

  return {
    workers,
    relay,
    async stop() {
      await heartbeat.stop();
      await relay.stop();
      // close() waits for active jobs to finish; unfinished ones are picked up by another worker as stalled.
      await Promise.all(workers.map((worker) => worker.close()));
      for (const connection of connections) connection.disconnect();
    },
  };
}
