/**
 * Jobs are contracts: a dotted name, the queue it runs on, a zod payload and default options.
 * Web and workers import the same contract; producers go through the outbox, processors re-parse.
 */
import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import type { QueueName } from "./queue-names";

export interface JobContract<TSchema extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  payload: TSchema;
  options: JobsOptions;
}

export type JobPayload<C extends JobContract> = z.infer<C["payload"]>;

/** What a job carries on the queue: the payload plus tracing facts. */
export interface JobEnvelope<P = unknown> {
  payload: P;
  correlationId: string | null;
  outboxId: string | null;
}

const DEFAULT_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export function defineJob<TSchema extends z.ZodType>(contract: {
  name: string;
  queue: QueueName;
  payload: TSchema;
  options?: JobsOptions;
}): JobContract<TSchema> {
  if (!/^[a-z]+(\.[a-z][a-z0-9-]*)+$/.test(contract.name)) {
    throw new Error(`job name must be dotted lower-case: ${contract.name}`);
  }
  return { ...contract, options: { ...DEFAULT_OPTIONS, ...contract.options } };
}
