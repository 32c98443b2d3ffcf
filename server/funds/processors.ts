/**
 * The funds context's job processors and schedules, spliced into workers/processors.ts. Thin: each calls
 * one service. Kept here so the shared registry gets a single line.
 */
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import { systemActor } from "../platform/actor";
import type { Clock } from "../platform/clock";
import type { Db } from "../platform/db/client";
import type { JobContract, JobPayload } from "../platform/queues/define-job";
import type { FundsDeps } from "./deps";
import { pollNavSource } from "./fetch.service";
import { checkFreshness } from "./freshness.service";
import { broadcastRun, ingestRun, markRunFailed } from "./ingest.service";
import { broadcastNavJob, checkNavFreshnessJob, fetchNavFileJob, ingestNavFileJob } from "./jobs";

interface Deps {
  db: Db;
  clock: Clock;
  redis?: Redis;
  redisPrefix?: string;
  sandboxUrl?: string;
}

function fundsDeps(deps: Deps): FundsDeps {
  if (!deps.redis || !deps.redisPrefix) throw new Error("funds jobs need the workers' redis and redisPrefix");
  return {
    db: deps.db,
    clock: deps.clock,
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    sandboxUrl: deps.sandboxUrl,
  };
}

interface FundsProcessor<C extends JobContract = JobContract> {
  contract: C;
  handle(payload: JobPayload<C>, job: Job, deps: Deps): Promise<unknown>;
}

function define<C extends JobContract>(contract: C, handle: FundsProcessor<C>["handle"]): FundsProcessor {
  return { contract, handle } as unknown as FundsProcessor;
}

export const fundsProcessors: FundsProcessor[] = [
  define(fetchNavFileJob, async (payload, _job, deps) => {
    const outcome = await pollNavSource(fundsDeps(deps), { force: payload.force });
    return { skipped: outcome.skipped, error: outcome.error, results: outcome.results.map((r) => r.status) };
  }),
  define(ingestNavFileJob, async (payload, job, deps) => {
    const ctx = {
      actor: systemActor("nav-ingest"),
      correlationId: `nav-ingest-${payload.runId}`,
      ip: null,
      clock: deps.clock,
    };
    try {
      const outcome = await ingestRun(fundsDeps(deps), ctx, payload.runId);
      // New NAVs change the lag per class: re-check freshness now rather than at the next 5-minute tick.
      if (outcome.status === "SUCCEEDED") await checkFreshness(fundsDeps(deps)).catch(() => undefined);
      return { status: outcome.status, published: outcome.published.length, durationMs: outcome.durationMs };
    } catch (error) {
      await markRunFailed(
        deps,
        payload.runId,
        `attempt ${job.attemptsMade + 1}: ${error instanceof Error ? error.message : String(error)}`,
      ).catch(() => undefined);
      throw error;
    }
  }),
  define(broadcastNavJob, (payload, _job, deps) => broadcastRun(fundsDeps(deps), payload.runId)),
  define(checkNavFreshnessJob, (_payload, _job, deps) => checkFreshness(fundsDeps(deps))),
];

/** Poll every 15 minutes (the poll itself backs off to hourly outside publishing windows); freshness every 5. */
export const fundsSchedules = [
  { id: "funds-nav-poll", contract: fetchNavFileJob, repeat: { every: 15 * 60_000 } },
  { id: "funds-freshness-check", contract: checkNavFreshnessJob, repeat: { every: 5 * 60_000 } },
] as const;
