/**
 * The loan book's job processors (thin: parse is done by the runtime; each calls one service). Listed in
 * workers/processors.ts.
 */
import type { Job } from "bullmq";
import { systemActor } from "../platform/actor";
import type { BusinessClock } from "../platform/business-clock";
import type { Db } from "../platform/db/client";
import { authSecret, env } from "../platform/env";
import type { JobPayload } from "../platform/queues/define-job";
import { bookLoanFromAcceptedOffer } from "./book.service";
import { type DocumentDeps, issueAgreement, issueNoDuesCertificate } from "./documents/agreement.service";
import { sharedPdfPool } from "./documents/pdf-pool";
import { exportLoanBookParquet } from "./export.service";
import type { bookOfferJob, issueNoDuesJob, remindersBatchJob, renderAgreementJob } from "./jobs";
import { tailLoanActivity } from "./projections.service";
import { runReminderBatch } from "./reminders.service";

export interface LoanWorkerDeps {
  db: Db;
  clock: BusinessClock;
}

function jobContext(job: Job, deps: LoanWorkerDeps, name: string) {
  return { actor: systemActor(name), correlationId: `job-${job.id}`, ip: null, clock: deps.clock };
}

export function documentDeps(deps: LoanWorkerDeps): DocumentDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    pdf: sharedPdfPool(),
    linkSecret: authSecret(),
    appUrl: env().APP_URL,
  };
}

export function processBookOffer(payload: JobPayload<typeof bookOfferJob>, job: Job, deps: LoanWorkerDeps) {
  return bookLoanFromAcceptedOffer(deps, jobContext(job, deps, "loans.book"), payload);
}

export function processRenderAgreement(
  payload: JobPayload<typeof renderAgreementJob>,
  job: Job,
  deps: LoanWorkerDeps,
) {
  return issueAgreement(documentDeps(deps), jobContext(job, deps, "loans.documents"), payload.loanId);
}

export function processIssueNoDues(
  payload: JobPayload<typeof issueNoDuesJob>,
  job: Job,
  deps: LoanWorkerDeps,
) {
  return issueNoDuesCertificate(documentDeps(deps), jobContext(job, deps, "loans.documents"), payload.loanId);
}

export function processTailActivity(deps: LoanWorkerDeps) {
  return tailLoanActivity(deps.db);
}

export function processRemindersBatch(
  payload: JobPayload<typeof remindersBatchJob>,
  job: Job,
  deps: LoanWorkerDeps,
) {
  return runReminderBatch(deps, jobContext(job, deps, "loans.reminders"), { dueDate: payload.dueDate });
}

export async function processExportParquet(job: Job, deps: LoanWorkerDeps) {
  const result = await exportLoanBookParquet(deps, jobContext(job, deps, "loans.export"));
  return { file: result.file, rows: result.rows, sha256: result.sha256 };
}
