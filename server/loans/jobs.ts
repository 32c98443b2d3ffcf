/** Job contracts of the loan book. */
import { z } from "zod";
import { defineJob } from "../platform/queues/define-job";
import { AcceptedOfferSchema } from "./contracts";

/**
 * Books an accepted offer (the checkout emits it in its acceptance transaction). Idempotent: the job id
 * is derived from the application id and booking itself refuses a second loan for one application.
 */
export const bookOfferJob = defineJob({
  name: "loans.offer.book",
  queue: "loans",
  payload: AcceptedOfferSchema,
  options: { attempts: 8, backoff: { type: "exponential", delay: 1_000, jitter: 0.5 } },
});

/** The job id to emit bookOfferJob with: one per application. */
export function bookOfferJobId(applicationId: string): string {
  return `loans.offer.book.${applicationId}`;
}

/** Renders, signs, stores and sends the loan agreement PDF (documents queue, never the request path). */
export const renderAgreementJob = defineJob({
  name: "loans.agreement.render",
  queue: "documents",
  payload: z.object({ loanId: z.string().uuid() }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 } },
});

/** Issues the no-dues certificate of a closed loan. */
export const issueNoDuesJob = defineJob({
  name: "loans.no-dues.issue",
  queue: "documents",
  payload: z.object({ loanId: z.string().uuid() }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 } },
});

/** One pass of the loan_activity tailing projection (scheduled every few seconds). */
export const tailActivityJob = defineJob({
  name: "loans.activity.tail",
  queue: "loans",
  payload: z.object({}).default({}),
  options: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
});

/** The 4 PM batch: EMI reminders for every instalment due tomorrow (or on `dueDate`). */
export const remindersBatchJob = defineJob({
  name: "loans.reminders.batch",
  queue: "loans",
  payload: z
    .object({
      dueDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    })
    .default({}),
  options: { attempts: 3, backoff: { type: "exponential", delay: 30_000, jitter: 0.5 } },
});

/** The nightly Parquet snapshot of the loan book. */
export const exportParquetJob = defineJob({
  name: "loans.export.parquet",
  queue: "loans",
  payload: z.object({}).default({}),
  options: { attempts: 3, backoff: { type: "exponential", delay: 60_000, jitter: 0.5 } },
});

/** Every loan-book job (registered in server/jobs.ts). */
export const LOAN_JOB_CONTRACTS = [
  bookOfferJob,
  renderAgreementJob,
  issueNoDuesJob,
  remindersBatchJob,
  tailActivityJob,
  exportParquetJob,
] as const;
