import { describe, expect, it } from "vitest";
import { z } from "zod";
import { retryDelayMs } from "../outbox/outbox-relay";
import { outboxRow } from "../outbox/outbox-writer";
import { defineJob } from "./define-job";

const contract = defineJob({
  name: "test.thing.do",
  queue: "maintenance",
  payload: z.object({ id: z.string().min(1) }),
});

describe("defineJob", () => {
  it("refuses names that are not dotted lower-case", () => {
    expect(() => defineJob({ name: "DoThing", queue: "maintenance", payload: z.object({}) })).toThrow(
      /dotted/,
    );
    expect(() => defineJob({ name: "single", queue: "maintenance", payload: z.object({}) })).toThrow(
      /dotted/,
    );
  });

  it("gives defaults that retry with jittered backoff and keep failures for review", () => {
    expect(contract.options).toMatchObject({
      attempts: 5,
      backoff: { type: "exponential", jitter: 0.5 },
      removeOnFail: { age: 14 * 24 * 3600 },
    });
  });
});

describe("outbox rows", () => {
  it("validate the payload against the contract when written", () => {
    expect(() => outboxRow(contract, { id: "" })).toThrow();
    expect(outboxRow(contract, { id: "x" })).toMatchObject({
      queue: "maintenance",
      jobName: "test.thing.do",
      payload: { id: "x" },
    });
  });

  it("refuse job ids BullMQ cannot take", () => {
    expect(() => outboxRow(contract, { id: "x" }, { jobId: "a:b" })).toThrow(/may not contain ':'/);
  });

  it.each([
    [1, 1_000],
    [2, 2_000],
    [5, 16_000],
    [7, 60_000],
    [30, 60_000],
  ])("retry %i waits %i ms", (attempt, expected) => {
    expect(retryDelayMs(attempt)).toBe(expected);
  });
});

describe("outbox relay defaults", () => {
  it("uses its defaults for options passed as undefined", async () => {
    const { OutboxRelay } = await import("../outbox/outbox-relay");
    const relay = new OutboxRelay({
      db: {} as never,
      queues: {} as never,
      databaseUrl: "postgresql://unused",
      logger: {} as never,
      pollIntervalMs: undefined,
      batchSize: undefined,
    });
    const options = (relay as unknown as { options: { pollIntervalMs: number; batchSize: number } }).options;
    expect(options.pollIntervalMs).toBe(1_000);
    expect(options.batchSize).toBe(500);
  });
});
