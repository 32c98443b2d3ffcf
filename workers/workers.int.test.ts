import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { requestOtp } from "@/server/auth/otp.service";
import { jobContract } from "@/server/jobs";
import { sendSmsJob } from "@/server/messaging/jobs";
import { queueSms } from "@/server/messaging/messages.service";
import { readSandboxSink, sandboxMessageProvider } from "@/server/messaging/providers";
import { systemActor } from "@/server/platform/actor";
import { requestAuditVerification } from "@/server/platform/audit/audit-verification.service";
import { liveWorkers } from "@/server/platform/observability/heartbeat";
import { readJobMetrics } from "@/server/platform/observability/job-metrics";
import { replayDeadLetter } from "@/server/platform/ops/queues.service";
import { QUEUE_NAMES } from "@/server/platform/queues/queue-names";
import { createRedis } from "@/server/platform/redis";
import { runCommand } from "@/server/platform/unit-of-work";
import { createTestStack } from "@/test/int/harness";
import { startTestSandbox } from "@/test/int/sandbox";
import { startWorkers } from "./runtime";

const sandbox = await startTestSandbox();
const stack = await createTestStack("workers", { sandboxUrl: sandbox.url });
const { db } = stack;

const running = await startWorkers({
  deps: { db, clock: stack.clock, messageProvider: sandboxMessageProvider(sandbox.url) },
  db,
  databaseUrl: stack.database.url,
  queues: stack.queues,
  createWorkerConnection: () => createRedis("worker"),
  redis: stack.redis,
  prefix: stack.prefix,
  logger: pino({ level: "silent" }),
  schedules: false,
  relayPollIntervalMs: 200,
  // Short retries so a failing job reaches the dead-letter table within the test.
  jobOptions: (name) => ({
    ...jobContract(name)?.options,
    attempts: 2,
    backoff: { type: "fixed", delay: 50 },
  }),
});
let stopped = false;
afterAll(async () => {
  if (!stopped) await running.stop();
});

const ctx = { actor: systemActor("test"), correlationId: "corr-workers-0001", ip: null, clock: stack.clock };

async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("workers process", () => {
  it("reports a heartbeat", async () => {
    const live = await liveWorkers(stack.redis, stack.prefix);
    expect(live).toHaveLength(1);
    expect(live[0]!.queues).toEqual(QUEUE_NAMES);
  });

  it("delivers a one-time code from the request to the SMS sink through outbox, queue and worker", async () => {
    const phone = "+919000000101";
    await requestOtp(stack.deps, { phone }, { ip: "192.0.2.1", correlationId: "corr-otp-flow-0001" });
    const [sms] = await eventually(async () => {
      const messages = await readSandboxSink(sandbox.url, { channel: "sms", to: phone });
      return messages.length ? messages : null;
    }, "the SMS to reach the sink");
    expect(sms!.body).toMatch(/^\d{6} is your Flux sign-in code/);
    const record = await db.outboundMessage.findFirstOrThrow({ where: { recipient: phone } });
    await eventually(
      async () =>
        (await db.outboundMessage.findUniqueOrThrow({ where: { id: record.id } })).status === "SENT",
      "SENT status",
    );
    const metrics = await eventually(async () => {
      const series = await readJobMetrics(stack.redis, stack.prefix);
      return series.find((entry) => entry.name === "messaging.sms.send" && entry.completed > 0);
    }, "job metrics");
    expect(metrics.buckets.at(-1)).toMatchObject({ le: "inf" });
  });

  it("records a job that fails after all attempts as a dead letter, and replays it through the outbox", async () => {
    await fetch(`${sandbox.url}/sinks/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sms: "fail" }),
    });
    const { messageId } = await runCommand({ db }, ctx, (uow) =>
      queueSms(uow, {
        to: "+919000000102",
        template: "test.notice",
        body: "Your EMI is due tomorrow",
        preview: "EMI due",
      }),
    );
    const letter = await eventually(
      () => db.deadLetter.findFirst({ where: { jobId: `sms.${messageId}` } }),
      "the dead letter",
    );
    expect(letter).toMatchObject({ queue: "notifications", jobName: sendSmsJob.name, attemptsMade: 2 });
    expect(letter.error).toMatch(/503/);
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: messageId } })).status).toBe("FAILED");

    await fetch(`${sandbox.url}/sinks/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sms: "ok" }),
    });
    await replayDeadLetter({ db }, ctx, { deadLetterId: letter.id }, jobContract);
    await eventually(
      async () =>
        (await db.outboundMessage.findUniqueOrThrow({ where: { id: messageId } })).status === "SENT",
      "the replayed SMS",
    );
    await expect(
      replayDeadLetter({ db }, ctx, { deadLetterId: letter.id }, jobContract),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(
      await db.auditEvent.count({ where: { action: "ops.dead_letter_replayed", entityId: letter.id } }),
    ).toBe(1);
  });

  it("sends a message once even when its job runs twice (provider idempotency key)", async () => {
    const { messageId } = await runCommand({ db }, ctx, (uow) =>
      queueSms(uow, { to: "+919000000103", template: "test.notice", body: "Duplicate-safe", preview: "dup" }),
    );
    await eventually(
      async () =>
        (await db.outboundMessage.findUniqueOrThrow({ where: { id: messageId } })).status === "SENT",
      "first delivery",
    );
    await db.outboundMessage.update({ where: { id: messageId }, data: { status: "QUEUED" } }); // as if the ack was lost
    await runCommand({ db }, ctx, async ({ emit }) =>
      emit(sendSmsJob, { messageId, body: "Duplicate-safe" }),
    );
    await eventually(
      async () =>
        (await db.outboundMessage.findUniqueOrThrow({ where: { id: messageId } })).status === "SENT",
      "second run",
    );
    expect(await readSandboxSink(sandbox.url, { to: "+919000000103" })).toHaveLength(1);
  });

  it("runs an audit verification requested from the admin button", async () => {
    const { verificationId } = await requestAuditVerification({ db }, ctx);
    const done = await eventually(async () => {
      const run = await db.auditVerification.findUniqueOrThrow({ where: { id: verificationId } });
      return run.finishedAt ? run : null;
    }, "the verification");
    expect(done.ok).toBe(true);
    expect(done.eventsChecked).toBeGreaterThan(0);
  });

  it("stops gracefully: heartbeat removed, no job left active", async () => {
    await running.stop();
    stopped = true;
    expect(await liveWorkers(stack.redis, stack.prefix)).toHaveLength(0);
    const counts = await stack.queues.get("notifications").getJobCounts("active");
    expect(counts.active).toBe(0);
  });
});
