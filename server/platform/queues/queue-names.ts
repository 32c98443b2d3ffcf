/** Every BullMQ queue, with how the workers process it. */
export const QUEUES = {
  /** SMS, email, in-app: rate limited so a reminder spike cannot starve anything else. */
  notifications: { concurrency: 16, limiter: { max: 200, duration: 1_000 } },
  /** Audit anchoring and verification, expiry and pruning jobs. */
  maintenance: { concurrency: 2 },
  // loans (issue 4): booking accepted offers, and PDF rendering kept off the request path.
  loans: { concurrency: 8 },
  documents: { concurrency: 2 },
  // funds (issue 5): AMFI NAV fetch -> ingest -> broadcast. Low concurrency: ingests serialise on a lock anyway.
  funds: { concurrency: 2 },
  // lending (issue 3): checkout applications (mostly waiting on lenders, so high concurrency), releases, sweeps
  lending: { concurrency: 32 },
} as const satisfies Record<string, { concurrency: number; limiter?: { max: number; duration: number } }>;

export type QueueName = keyof typeof QUEUES;

export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
