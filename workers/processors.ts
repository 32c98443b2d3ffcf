/**
 * One thin processor per job contract: the payload is already parsed against its contract; each
 * processor calls one service. Processors are idempotent (BullMQ may redeliver a stalled job).
 */
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
// funds (issue 5)
import { fundsProcessors, fundsSchedules } from "@/server/funds/processors";
// lending (issue 3)
import { lendingProcessors, lendingSchedules } from "@/server/lending/processors";
// loans (issue 4)
import {
  bookOfferJob,
  exportParquetJob,
  issueNoDuesJob,
  remindersBatchJob,
  renderAgreementJob,
  tailActivityJob,
} from "@/server/loans/jobs";
import {
  processBookOffer,
  processExportParquet,
  processIssueNoDues,
  processRemindersBatch,
  processRenderAgreement,
  processTailActivity,
} from "@/server/loans/processors";
import { sendEmailJob, sendSmsJob } from "@/server/messaging/jobs";
import { deliverMessage } from "@/server/messaging/messages.service";
import type { MessageProvider } from "@/server/messaging/providers";
import { systemActor } from "@/server/platform/actor";
import { anchorAuditChains } from "@/server/platform/audit/audit-chain.service";
import {
  requestAuditVerification,
  runAuditVerification,
} from "@/server/platform/audit/audit-verification.service";
import type { BusinessClock } from "@/server/platform/business-clock";
import type { Db } from "@/server/platform/db/client";
import { expireIdempotencyKeys } from "@/server/platform/idempotency/idempotency";
import {
  anchorAuditJob,
  expireIdempotencyJob,
  pruneOutboxJob,
  scheduledVerifyAuditJob,
  verifyAuditJob,
} from "@/server/platform/jobs";
import { pruneSentOutbox } from "@/server/platform/outbox/outbox-relay";
import type { JobContract, JobPayload } from "@/server/platform/queues/define-job";

export interface WorkerDeps {
  db: Db;
  clock: BusinessClock;
  messageProvider: MessageProvider;
  /** General Redis connection and key prefix (NAV cache and broadcast); optional for tests that need none. */
  redis?: Redis;
  redisPrefix?: string;
  sandboxUrl?: string;
}

export interface Processor<C extends JobContract = JobContract> {
  contract: C;
  handle(payload: JobPayload<C>, job: Job, deps: WorkerDeps): Promise<unknown>;
}

function processor<C extends JobContract>(contract: C, handle: Processor<C>["handle"]): Processor {
  return { contract, handle } as unknown as Processor;
}

function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

export const PROCESSORS: Processor[] = [
  processor(sendSmsJob, (payload, job, deps) =>
    deliverMessage({ db: deps.db, provider: deps.messageProvider, now: () => deps.clock.now() }, payload, {
      isFinal: isFinalAttempt(job),
    }),
  ),
  processor(sendEmailJob, (payload, job, deps) =>
    deliverMessage({ db: deps.db, provider: deps.messageProvider, now: () => deps.clock.now() }, payload, {
      isFinal: isFinalAttempt(job),
    }),
  ),
  processor(verifyAuditJob, async (payload, _job, deps) => {
    const result = await runAuditVerification(deps, payload.verificationId);
    return { ok: result.ok, eventsChecked: result.eventsChecked };
  }),
  processor(scheduledVerifyAuditJob, (_payload, job, deps) =>
    requestAuditVerification(deps, {
      actor: systemActor("scheduler"),
      correlationId: `scheduled-${job.id}`,
      ip: null,
      clock: deps.clock,
    }),
  ),
  processor(anchorAuditJob, (_payload, _job, deps) => anchorAuditChains(deps.db, deps.clock)),
  processor(expireIdempotencyJob, async (_payload, _job, deps) => ({
    deleted: await expireIdempotencyKeys(deps.db, new Date()),
  })),
  processor(pruneOutboxJob, async (_payload, _job, deps) => ({
    deleted: await pruneSentOutbox(deps.db, new Date(), 7 * 24 * 3600 * 1000),
  })),
  // loans (issue 4)
  processor(bookOfferJob, (payload, job, deps) => processBookOffer(payload, job, deps)),
  processor(renderAgreementJob, (payload, job, deps) => processRenderAgreement(payload, job, deps)),
  processor(issueNoDuesJob, (payload, job, deps) => processIssueNoDues(payload, job, deps)),
  processor(exportParquetJob, (_payload, job, deps) => processExportParquet(job, deps)),
  processor(remindersBatchJob, (payload, job, deps) => processRemindersBatch(payload, job, deps)),
  processor(tailActivityJob, async (_payload, _job, deps) => {
    const result = await processTailActivity(deps);
    return { applied: result.applied, horizon: result.horizon.toString() };
  }),
  // funds (issue 5)
  ...fundsProcessors.map((p) => processor(p.contract, p.handle as never)),
  // lending (issue 3)
  ...lendingProcessors.map((p) => processor(p.contract, p.handle as never)),
];

/** Repeating maintenance jobs, registered idempotently by every workers process at start. */
export const SCHEDULES = [
  { id: "audit-anchor", contract: anchorAuditJob, repeat: { every: 60_000 } },
  {
    id: "audit-verify-nightly",
    contract: scheduledVerifyAuditJob,
    repeat: { pattern: "30 2 * * *", tz: "Asia/Kolkata" },
  },
  { id: "idempotency-expire", contract: expireIdempotencyJob, repeat: { every: 3_600_000 } },
  { id: "outbox-prune", contract: pruneOutboxJob, repeat: { pattern: "15 3 * * *", tz: "Asia/Kolkata" } },
  // funds (issue 5)
  ...fundsSchedules,
  // lending (issue 3)
  ...lendingSchedules,
  // loans (issue 4)
  { id: "loans-activity-tail", contract: tailActivityJob, repeat: { every: 5_000 } },
  {
    id: "loans-export-parquet",
    contract: exportParquetJob,
    repeat: { pattern: "30 1 * * *", tz: "Asia/Kolkata" },
  },
  {
    id: "loans-emi-reminders",
    contract: remindersBatchJob,
    repeat: { pattern: "0 16 * * *", tz: "Asia/Kolkata" },
  },
] as const;
