/** Job contracts of the lending context (checkout EMI orchestration). */
import { z } from "zod";
import { defineJob } from "../platform/queues/define-job";

/** Advance one application's state machine (lease-guarded: a duplicate job finds the lease held and stops). */
export const advanceApplicationJob = defineJob({
  name: "lending.application.advance",
  queue: "lending",
  payload: z.object({ applicationId: z.string().uuid() }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 500, jitter: 0.5 } },
});

/** Release a sanctioned-but-not-taken offer at its lender (compensation). Retried until the lender confirms. */
export const releaseOfferJob = defineJob({
  name: "lending.offer.release",
  queue: "lending",
  payload: z.object({ offerId: z.string().uuid() }),
  options: { attempts: 8, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 } },
});

/** Offers not accepted in time expire (their holds are released, the shopper is told). */
export const expireApplicationJob = defineJob({
  name: "lending.application.expire",
  queue: "lending",
  payload: z.object({ applicationId: z.string().uuid() }),
  options: { attempts: 5 },
});

/**
 * Every few seconds: resume applications whose worker died (lease expired), check open reconciliation
 * items with the lender, and re-send releases that have not been confirmed.
 */
export const lendingSweepJob = defineJob({
  name: "lending.sweep",
  queue: "lending",
  payload: z.object({}),
  options: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
});
