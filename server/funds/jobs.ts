/**
 * Job contracts of the funds context: the NAV pipeline fetch → ingest → broadcast, and the freshness check.
 * (The seed called these stages nav.raw → nav.validated → nav.broadcast.)
 */
import { z } from "zod";
import { defineJob } from "../platform/queues/define-job";

/** Scheduled: poll the configured source (URL or drop folder); a new file becomes an ingest run. */
export const fetchNavFileJob = defineJob({
  name: "funds.nav.fetch",
  queue: "funds",
  payload: z.object({ force: z.boolean().optional() }),
  options: { attempts: 1, removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } },
});

/** Parse, validate and persist one stored raw file (the run says which). */
export const ingestNavFileJob = defineJob({
  name: "funds.nav.ingest",
  queue: "funds",
  payload: z.object({ runId: z.string().uuid() }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 } },
});

/**
 * Emitted in the ingest transaction (the outbox event later consumers hang off): writes the Redis cache
 * and the live broadcast for the run's NAVs if the ingest's own after-commit publish did not.
 */
export const broadcastNavJob = defineJob({
  name: "funds.nav.broadcast",
  queue: "funds",
  payload: z.object({ runId: z.string().uuid() }),
  options: { attempts: 10, backoff: { type: "exponential", delay: 1_000, jitter: 0.5 } },
});

/** Scheduled: fetch age and NAV-date lag per scheme class; raises and clears the freshness alert. */
export const checkNavFreshnessJob = defineJob({
  name: "funds.freshness.check",
  queue: "funds",
  payload: z.object({}),
  options: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
});
