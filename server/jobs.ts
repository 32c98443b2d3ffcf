/** Every job contract in Flux, by name: the workers register a processor for each, replay looks them up. */

// funds (issue 5)
import { broadcastNavJob, checkNavFreshnessJob, fetchNavFileJob, ingestNavFileJob } from "./funds/jobs";
// lending (issue 3)
import {
  advanceApplicationJob,
  expireApplicationJob,
  lendingSweepJob,
  releaseOfferJob,
} from "./lending/jobs";
// loans (issue 4)
import { LOAN_JOB_CONTRACTS } from "./loans/jobs";
import { sendEmailJob, sendSmsJob } from "./messaging/jobs";
import {
  anchorAuditJob,
  expireIdempotencyJob,
  pruneOutboxJob,
  scheduledVerifyAuditJob,
  verifyAuditJob,
} from "./platform/jobs";
import type { JobContract } from "./platform/queues/define-job";

export const JOB_CONTRACTS = [
  sendSmsJob,
  sendEmailJob,
  verifyAuditJob,
  scheduledVerifyAuditJob,
  anchorAuditJob,
  expireIdempotencyJob,
  pruneOutboxJob,
  // loans (issue 4)
  ...LOAN_JOB_CONTRACTS,
  // funds (issue 5)
  fetchNavFileJob,
  ingestNavFileJob,
  broadcastNavJob,
  checkNavFreshnessJob,
  // lending (issue 3)
  advanceApplicationJob,
  releaseOfferJob,
  expireApplicationJob,
  lendingSweepJob,
] as const satisfies readonly JobContract[];

const byName = new Map<string, JobContract>(JOB_CONTRACTS.map((contract) => [contract.name, contract]));

export function jobContract(name: string): JobContract | undefined {
  return byName.get(name);
}
