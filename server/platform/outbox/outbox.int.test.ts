import { Queue } from "bullmq";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { sendSmsJob } from "@/server/messaging/jobs";
import { createTestStack } from "@/test/int/harness";
import { disposableRedis } from "@/test/int/redis-server";
import { systemActor } from "../actor";
import { systemClock } from "../clock";
import { createQueueRegistry } from "../queues/queues";
import { createRedis } from "../redis";
import { runCommand } from "../unit-of-work";
import { OutboxRelay } from "./outbox-relay";

const stack = await createTestStack("outbox");
const { db } = stack;
const logger = pino({ level: "silent" });
const ctx = { actor: systemActor("test"), correlationId: "corr-outbox-0001", ip: null, clock: systemClock };

async function emitSms(messageId: string, options: { orderingKey?: string } = {}) {
  await runCommand({ db }, ctx, async ({ emit }) => {
    emit(
      sendSmsJob,
      { messageId, body: "hello" },
      { jobId: `sms.${messageId}`, orderingKey: options.orderingKey },
    );
  });
}

const ids = (n: number) => `0195f000-0000-7000-8000-${String(n).padStart(12, "0")}`;

describe("transactional outbox", () => {
  it("writes nothing when the transaction rolls back", async () => {
    await expect(
      runCommand({ db }, ctx, async ({ emit }) => {
        emit(sendSmsJob, { messageId: ids(1), body: "never" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await db.outboxEvent.count()).toBe(0);
  });

  it("refuses a payload that breaks the job contract at write time", async () => {
    await expect(
      runCommand({ db }, ctx, async ({ emit }) => {
        emit(sendSmsJob, { messageId: "not-a-uuid", body: "" } as never);
      }),
    ).rejects.toThrow();
    expect(await db.outboxEvent.count()).toBe(0);
  });

  it("relays committed rows to their queue with the contract's options and marks them sent", async () => {
    await emitSms(ids(2));
    const relay = new OutboxRelay({
      db,
      queues: stack.queues,
      databaseUrl: stack.database.url,
      logger,
      optionsFor: () => sendSmsJob.options,
    });
    const result = await relay.drainOnce();
    expect(result).toMatchObject({ sent: 1, failed: 0, ran: true });
    const job = await stack.queues.get("notifications").getJob(`sms.${ids(2)}`);
    expect(job?.name).toBe("messaging.sms.send");
    expect(job?.data).toMatchObject({ payload: { messageId: ids(2) }, correlationId: "corr-outbox-0001" });
    expect(job?.opts.attempts).toBe(sendSmsJob.options.attempts);
    const row = await db.outboxEvent.findUniqueOrThrow({ where: { jobId: `sms.${ids(2)}` } });
    expect(row.sentAt).not.toBeNull();
    // Draining again sends nothing twice.
    expect((await relay.drainOnce()).sent).toBe(0);
  });

  it("holds back a key's later rows while an earlier row of that key waits for a retry", async () => {
    await emitSms(ids(3), { orderingKey: "loan-9" });
    await emitSms(ids(4), { orderingKey: "loan-9" });
    await emitSms(ids(5), { orderingKey: "loan-10" });
    await db.outboxEvent.updateMany({
      where: { jobId: `sms.${ids(3)}` },
      data: { availableAt: new Date(Date.now() + 60_000), attempts: 1 },
    });
    const relay = new OutboxRelay({ db, queues: stack.queues, databaseUrl: stack.database.url, logger });
    await relay.drainOnce();
    const sent = await db.outboxEvent.findMany({
      where: { jobId: { in: [ids(3), ids(4), ids(5)].map((id) => `sms.${id}`) } },
      orderBy: { id: "asc" },
    });
    expect(sent.map((row) => row.sentAt !== null)).toEqual([false, false, true]);
  });

  it("keeps a row committed while Redis is stopped and delivers it once Redis is back", async () => {
    const redisServer = await disposableRedis();
    await redisServer.start();
    const connection = createRedis("producer", redisServer.url);
    const queues = createQueueRegistry({ connection, prefix: stack.prefix });
    const relay = new OutboxRelay({
      db,
      queues,
      databaseUrl: stack.database.url,
      logger,
      enqueueTimeoutMs: 1_500,
    });
    afterAll(async () => {
      await queues.close();
      connection.disconnect();
      await redisServer.dispose();
    });

    await redisServer.stop();
    await emitSms(ids(6));
    const whileDown = await relay.drainOnce();
    expect(whileDown.sent).toBe(0);
    expect(whileDown.failed).toBeGreaterThanOrEqual(1);
    const pending = await db.outboxEvent.findUniqueOrThrow({ where: { jobId: `sms.${ids(6)}` } });
    expect(pending.sentAt).toBeNull();
    expect(pending.attempts).toBe(1);
    expect(pending.lastError).toBeTruthy();

    await redisServer.start();
    // The client reconnects on its own schedule, and each failed try pushes the row back by the backoff, so
    // skip the backoff before every try and allow a generous deadline on a loaded machine.
    let delivered = false;
    const deadline = Date.now() + 30_000;
    while (!delivered && Date.now() < deadline) {
      await db.outboxEvent.update({ where: { id: pending.id }, data: { availableAt: new Date() } });
      await relay.drainOnce();
      delivered = (await db.outboxEvent.findUniqueOrThrow({ where: { id: pending.id } })).sentAt !== null;
      if (!delivered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivered).toBe(true);
    const queue = new Queue("notifications", {
      connection: createRedis("producer", redisServer.url),
      prefix: stack.prefix,
    });
    const job = await queue.getJob(`sms.${ids(6)}`);
    expect(job?.data.payload.messageId).toBe(ids(6));
    await queue.close();
  });

  it("wakes on NOTIFY: a row reaches its queue without waiting for the poll", async () => {
    const relay = new OutboxRelay({
      db,
      queues: stack.queues,
      databaseUrl: stack.database.url,
      logger,
      pollIntervalMs: 60_000,
    });
    await relay.start();
    try {
      await emitSms(ids(7));
      let job = null;
      for (let i = 0; i < 50 && !job; i++) {
        job = await stack.queues.get("notifications").getJob(`sms.${ids(7)}`);
        if (!job) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(job).not.toBeNull();
    } finally {
      await relay.stop();
    }
  });

  it("keeps one row when two commands emit the same job id, and both commands commit", async () => {
    await Promise.all([emitSms(ids(8)), emitSms(ids(8))]);
    expect(await db.outboxEvent.count({ where: { jobId: `sms.${ids(8)}` } })).toBe(1);
  });
});
