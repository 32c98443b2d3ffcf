/**
 * The lending context's job processors and schedules, spliced into workers/processors.ts. Thin: each
 * calls one service; each is idempotent (the orchestrator's lease admits one worker per application).
 */
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Clock } from "../platform/clock";
import type { Db } from "../platform/db/client";
import type { JobContract, JobPayload } from "../platform/queues/define-job";
import { advanceApplicationJob, expireApplicationJob, lendingSweepJob, releaseOfferJob } from "./jobs";
import { expireApplication, releaseOffer, sweep } from "./operations.service";
import { advanceApplication, type LendingDeps } from "./orchestrator/orchestrator";

interface Deps {
  db: Db;
  clock: Clock;
  redis?: Redis;
  redisPrefix?: string;
  sandboxUrl?: string;
}

export function lendingDeps(deps: Deps): LendingDeps {
  if (!deps.redis || !deps.redisPrefix || !deps.sandboxUrl)
    throw new Error("lending jobs need the workers' redis, redisPrefix and sandboxUrl");
  return {
    db: deps.db,
    clock: deps.clock,
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    sandboxUrl: deps.sandboxUrl,
  };
}

interface LendingProcessor<C extends JobContract = JobContract> {
  contract: C;
  handle(payload: JobPayload<C>, job: Job, deps: Deps): Promise<unknown>;
}

function define<C extends JobContract>(contract: C, handle: LendingProcessor<C>["handle"]): LendingProcessor {
  return { contract, handle } as unknown as LendingProcessor;
}

export const lendingProcessors: LendingProcessor[] = [
  define(advanceApplicationJob, (payload, job, deps) =>
    advanceApplication(lendingDeps(deps), payload.applicationId, { owner: `job-${job.id}` }),
  ),
  define(releaseOfferJob, (payload, _job, deps) => releaseOffer(lendingDeps(deps), payload.offerId)),
  define(expireApplicationJob, (payload, _job, deps) =>
    expireApplication(lendingDeps(deps), payload.applicationId),
  ),
  define(lendingSweepJob, (_payload, _job, deps) => sweep(lendingDeps(deps))),
];

export const lendingSchedules = [
  { id: "lending-sweep", contract: lendingSweepJob, repeat: { every: 5_000 } },
] as const;
