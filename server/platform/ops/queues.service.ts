/** Queue health for operators: counts per queue, failed jobs with their errors, retry, dead letters. */
import type { Job } from "bullmq";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { JobContract } from "../queues/define-job";
import { QUEUE_NAMES, type QueueName } from "../queues/queue-names";
import type { QueueRegistry } from "../queues/queues";
import { type CommandContext, runCommand } from "../unit-of-work";

export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  paused: boolean;
}

export async function queueOverview(queues: QueueRegistry): Promise<QueueCounts[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const queue = queues.get(name);
      const [counts, paused] = await Promise.all([
        queue.getJobCounts(
          "waiting",
          "active",
          "delayed",
          "failed",
          "completed",
          "prioritized",
          "waiting-children",
        ),
        queue.isPaused(),
      ]);
      return {
        queue: name,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts["waiting-children"] ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
        paused,
      };
    }),
  );
}

function describeJob(job: Job) {
  return {
    id: job.id ?? "",
    name: job.name,
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason ?? null,
    stacktrace: (job.stacktrace ?? []).slice(-1)[0]?.split("\n").slice(0, 6).join("\n") ?? null,
    timestamp: new Date(job.timestamp),
    finishedOn: job.finishedOn ? new Date(job.finishedOn) : null,
    payload: (job.data as { payload?: unknown })?.payload ?? job.data,
  };
}

export async function failedJobs(queues: QueueRegistry, queue: QueueName, page: number, pageSize: number) {
  const q = queues.get(queue);
  const start = (page - 1) * pageSize;
  const [jobs, total] = await Promise.all([q.getFailed(start, start + pageSize - 1), q.getFailedCount()]);
  return { total, jobs: jobs.map(describeJob) };
}

export async function retryFailedJob(
  deps: { db: Db; queues: QueueRegistry },
  ctx: CommandContext,
  input: { queue: QueueName; jobId: string },
) {
  const job = await deps.queues.get(input.queue).getJob(input.jobId);
  if (!job)
    throw new AppError("NOT_FOUND", "That job no longer exists (it may have been retried or removed).");
  if (!(await job.isFailed())) throw new AppError("PRECONDITION_FAILED", "Only failed jobs can be retried.");
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({
      action: "ops.job_retried",
      entityType: "job",
      entityId: `${input.queue}/${input.jobId}`,
      data: { name: job.name },
    });
  });
  await job.retry("failed");
  return { retried: true };
}

export async function listDeadLetters(
  db: Db,
  filter: { queue?: QueueName; includeReplayed: boolean; limit: number },
) {
  return db.deadLetter.findMany({
    where: {
      ...(filter.queue ? { queue: filter.queue } : {}),
      ...(filter.includeReplayed ? {} : { replayedAt: null }),
    },
    orderBy: { failedAt: "desc" },
    take: filter.limit,
  });
}

/** Records a job that failed after all its attempts (called by the workers; idempotent). */
export async function recordDeadLetter(
  db: Db,
  letter: {
    queue: string;
    jobName: string;
    jobId: string;
    payload: unknown;
    error: string;
    attemptsMade: number;
    failedAt: Date;
  },
) {
  await db.deadLetter.upsert({
    where: {
      queue_jobId_attemptsMade: {
        queue: letter.queue,
        jobId: letter.jobId,
        attemptsMade: letter.attemptsMade,
      },
    },
    create: { ...letter, payload: (letter.payload ?? {}) as object, error: letter.error.slice(0, 4_000) },
    update: {},
  });
}

/** Replays a dead letter as a fresh job through the outbox (so it is audited and never lost). */
export async function replayDeadLetter(
  deps: { db: Db },
  ctx: CommandContext,
  input: { deadLetterId: string },
  contractFor: (jobName: string) => JobContract | undefined,
) {
  return runCommand(deps, ctx, async ({ tx, audit, emit, now }) => {
    const letter = await tx.deadLetter.findUnique({ where: { id: input.deadLetterId } });
    if (!letter) throw new AppError("NOT_FOUND", "That dead letter does not exist.");
    if (letter.replayedAt) throw new AppError("CONFLICT", "This job was already replayed.");
    const contract = contractFor(letter.jobName);
    if (!contract)
      throw new AppError("PRECONDITION_FAILED", `No job contract named ${letter.jobName} exists any more.`);
    const parsed = contract.payload.safeParse(letter.payload);
    if (!parsed.success)
      throw new AppError("PRECONDITION_FAILED", "The stored payload no longer matches its job contract.");
    const claimed = await tx.deadLetter.updateMany({
      where: { id: letter.id, replayedAt: null },
      data: { replayedAt: now, replayedBy: ctx.actor.auditId },
    });
    if (claimed.count !== 1) throw new AppError("CONFLICT", "This job was already replayed.");
    emit(contract, parsed.data, { jobId: `${letter.jobId}.replay-${letter.id}` });
    audit({
      action: "ops.dead_letter_replayed",
      entityType: "dead_letter",
      entityId: letter.id,
      data: { jobName: letter.jobName },
    });
    return { replayed: true };
  });
}
