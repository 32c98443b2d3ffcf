/**
 * BENCH spike: the 4 PM batch enqueuing 50,000 EMI reminders while shoppers use the lender selector.
 * The batch runs in this process against a throwaway database holding 50,000 loans due tomorrow (cloned
 * from one booked loan), with an outbox relay moving its send jobs into BullMQ (own Redis prefix) on the
 * same PostgreSQL and Redis servers and the same 2 cores as the stack. Meanwhile the selector (the
 * lendingRules.evaluate tRPC mutation through the running stack: session, ZEN decision on the published
 * rules) is loaded at 4 connections; its p99 during the batch is compared with idle runs before and after.
 * enqueue_50k_s is the time from the batch's start until 50,000 jobs are in the notifications queue.
 */
import { Redis } from "ioredis";
import pino from "pino";
import { jobContract } from "@/server/jobs";
import { runReminderBatch } from "@/server/loans/reminders.service";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { OutboxRelay } from "@/server/platform/outbox/outbox-relay";
import { createQueueRegistry } from "@/server/platform/queues/queues";
import { type LoadResult, load, median, round } from "./lib/load";
import { benchDatabase, bookBenchLoan, cloneLoan } from "./lib/loans-db";
import { sessionCookie } from "./lib/session";

export default async function spikeBench({
  appUrl,
  args,
}: {
  appUrl: string;
  args: string[];
}): Promise<string> {
  const reminders = Number(args[0] ?? 50_000);
  const cookie = await sessionCookie(appUrl, "admin@flux.local");
  const body = JSON.stringify({
    json: {
      dateOfBirth: "1994-07-15",
      bureauScore: 742,
      monthlyIncomeRupees: 60000,
      employmentType: "SALARIED",
      pincode: "560034",
      ticketRupees: 50000,
      merchantCategory: "ELECTRONICS",
      trace: false,
    },
  });
  const selector = (durationSeconds: number) =>
    load({
      url: `${appUrl}/api/trpc/lendingRules.evaluate`,
      method: "POST",
      body,
      headers: { cookie, "content-type": "application/json" },
      connections: 4,
      durationSeconds,
    });
  const check = await fetch(`${appUrl}/api/trpc/lendingRules.evaluate`, {
    method: "POST",
    body,
    headers: { cookie, "content-type": "application/json" },
  });
  if (check.status !== 200) throw new Error(`the selector answered ${check.status}: ${await check.text()}`);

  const bench = await benchDatabase("spike");
  const prefix = `flux-bench-spike-${process.pid}`;
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const queues = createQueueRegistry({ connection: redis, prefix });
  const relay = new OutboxRelay({
    db: bench.db,
    queues,
    databaseUrl: bench.url,
    logger: pino({ level: "silent" }),
    optionsFor: (name) => jobContract(name)?.options,
  });
  try {
    const template = await bookBenchLoan(bench.db, "2026-03-06");
    await cloneLoan(bench.db, template.loanId, reminders - 1);
    // The booking's own agreement job is not part of the batch.
    await bench.db.outboxEvent.deleteMany({});
    console.log(`${reminders} loans due 2026-04-06 ready`);
    await relay.start();

    await selector(3); // warm
    const idleBefore = await selector(8);
    console.log(`idle: p50=${idleBefore.p50Ms}ms p99=${idleBefore.p99Ms}ms rps=${round(idleBefore.rps, 0)}`);

    const notifications = queues.get("notifications");
    const started = performance.now();
    let enqueuedAt: number | null = null;
    const batch = runReminderBatch(
      { db: bench.db },
      {
        actor: systemActor("bench"),
        correlationId: "bench-spike",
        ip: null,
        clock: fixedClock("2026-04-05T10:30:00Z"),
      },
      { dueDate: "2026-04-06" },
    );
    const watcher = (async () => {
      for (;;) {
        const counts = await notifications.getJobCounts("waiting", "delayed", "prioritized", "active");
        const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
        if (total >= reminders) {
          enqueuedAt = performance.now();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const during: LoadResult[] = [];
    while (enqueuedAt === null) {
      during.push(await selector(3));
      const last = during.at(-1);
      console.log(`during batch: p50=${last?.p50Ms}ms p99=${last?.p99Ms}ms rps=${round(last?.rps ?? 0, 0)}`);
    }
    const result = await batch;
    await watcher;
    const enqueueSeconds = ((enqueuedAt ?? performance.now()) - started) / 1000;
    console.log(
      `batch: selected ${result.selected}, queued ${result.queued}; all ${reminders} jobs in BullMQ after ${round(enqueueSeconds, 2)} s`,
    );
    const idleAfter = await selector(8);
    console.log(`idle after: p50=${idleAfter.p50Ms}ms p99=${idleAfter.p99Ms}ms`);
    const idleP99 = median([idleBefore.p99Ms, idleAfter.p99Ms]);
    const duringP99 = during.reduce((sum, run) => sum + run.p99Ms, 0) / during.length;
    return `BENCH spike enqueue_50k_s=${round(enqueueSeconds * (50_000 / reminders), 2)} selector_p99_ratio=${round(duringP99 / idleP99, 2)} selector_p99_idle_ms=${round(idleP99, 1)} selector_p99_batch_ms=${round(duringP99, 1)} selector_p99_batch_worst_ms=${Math.max(...during.map((run) => run.p99Ms))} reminders=${result.queued} selector=lendingRules.evaluate connections=4`;
  } finally {
    await relay.stop().catch(() => undefined);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
    await queues.close();
    redis.disconnect();
    await bench.drop();
  }
}
