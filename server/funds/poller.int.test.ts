/**
 * The poller against the sandbox's AMFI host over real HTTP, through real BullMQ workers: fetch → ingest →
 * broadcast; duplicate, yesterday's file, each fault mode; and the freshness alert.
 */
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { sandboxMessageProvider } from "@/server/messaging/providers";
import { createRedis } from "@/server/platform/redis";
import { createTestStack } from "@/test/int/harness";
import { startTestSandbox } from "@/test/int/sandbox";
import { startWorkers } from "@/workers/runtime";
import { systemActor } from "../platform/actor";
import { fixedClock } from "../platform/clock";
import type { FundsDeps } from "./deps";
import { AMFI_FEED, pollNavSource, requestPoll } from "./fetch.service";
import { checkFreshness, freshnessMetrics, freshnessReport } from "./freshness.service";
import { navCacheKey } from "./nav-cache";

const sandbox = await startTestSandbox();
const stack = await createTestStack("fundspoll", { sandboxUrl: sandbox.url });
const { db } = stack;
const running = await startWorkers({
  deps: {
    db,
    clock: stack.clock,
    messageProvider: sandboxMessageProvider(sandbox.url),
    redis: stack.redis,
    redisPrefix: stack.prefix,
    sandboxUrl: sandbox.url,
  },
  db,
  databaseUrl: stack.database.url,
  queues: stack.queues,
  createWorkerConnection: () => createRedis("worker"),
  redis: stack.redis,
  prefix: stack.prefix,
  logger: pino({ level: "silent" }),
  queueNames: ["funds"],
  schedules: false,
  relayPollIntervalMs: 100,
});
afterAll(() => running.stop());

const deps: FundsDeps = {
  db,
  redis: stack.redis,
  redisPrefix: stack.prefix,
  clock: stack.clock,
  sandboxUrl: sandbox.url,
};
const ctx = { actor: systemActor("test"), correlationId: "funds-poll-test", ip: null, clock: stack.clock };

async function mode(name: string, delayMs?: number) {
  const response = await fetch(`${sandbox.url}/amfi/_mode`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode: name, delayMs }),
  });
  expect(response.ok).toBe(true);
}

async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const navCount = () => db.fundNav.count();

describe("NAV poller and pipeline", () => {
  it("fetches the sandbox's file through the queue, ingests it and publishes the cache", async () => {
    await requestPoll(deps, ctx);
    const run = await eventually(
      () =>
        db.fundIngestRun.findFirst({
          where: { source: "url", status: "SUCCEEDED", broadcastAt: { not: null } },
        }),
      "a successful, broadcast run",
    );
    expect(run).toMatchObject({
      fileName: "NAVAll.txt",
      layout: "6-field",
      accepted: 14_037,
      quarantined: 243,
    });
    const state = await db.fundFeedState.findUniqueOrThrow({ where: { feed: AMFI_FEED } });
    expect(state.lastSuccessAt).not.toBeNull();
    expect(state.lastError).toBeNull();
    expect(await stack.redis.exists(navCacheKey(stack.prefix, 119551))).toBe(1);
  });

  it("treats the same file on the next poll as a no-op", async () => {
    const runs = await db.fundIngestRun.count();
    const outcome = await pollNavSource(deps, { force: true });
    expect(outcome.results.map((r) => r.status)).toEqual(["duplicate"]);
    expect(await db.fundIngestRun.count()).toBe(runs);
  });

  it("ingests yesterday's file without regressing any scheme's latest NAV", async () => {
    await mode("yesterday");
    const outcome = await pollNavSource(deps, { force: true });
    expect(outcome.results[0]?.status).toBe("queued");
    const runId = (outcome.results[0] as { runId: string }).runId;
    const run = await eventually(
      () => db.fundIngestRun.findFirst({ where: { id: runId, status: "SUCCEEDED" } }),
      "yesterday's run",
    );
    expect(run).toMatchObject({ accepted: 14_037, olderThanLatest: 8_133 });
    const scheme = await db.fundScheme.findUniqueOrThrow({ where: { code: 119551 } });
    expect(scheme.latestNavDate?.toISOString().slice(0, 10)).toBe("2026-08-18");
    expect(await db.fundNav.count({ where: { schemeCode: 119551 } })).toBe(2);
  });

  it.each([
    ["html", "HTML"],
    ["empty", "EMPTY"],
    ["truncated", "TRUNCATED"],
  ])("refuses the %s fault mode and changes nothing", async (name, code) => {
    await mode(name);
    const before = await navCount();
    const outcome = await pollNavSource(deps, { force: true });
    expect(outcome.results[0]).toMatchObject({ status: "refused", code });
    expect(outcome.error).toMatch(/refused/);
    expect(await navCount()).toBe(before);
    const state = await db.fundFeedState.findUniqueOrThrow({ where: { feed: AMFI_FEED } });
    expect(state.lastError).toMatch(/refused/);
  });

  it("records an HTTP error and a slow source as failed fetches without a run", async () => {
    const runs = await db.fundIngestRun.count();
    await mode("error");
    expect((await pollNavSource(deps, { force: true })).error).toMatch(/HTTP 503/);
    await mode("slow", 2_000);
    expect((await pollNavSource(deps, { force: true, timeoutMs: 300 })).error).toMatch(/timed out|aborted/i);
    expect(await db.fundIngestRun.count()).toBe(runs);
    await mode("today");
  });

  it("raises a freshness alert (audit, banner state, email) when NAVs lag their deadline, and clears it", async () => {
    // Thursday 20 Aug, 19:30 IST: inside a window; Wednesday's NAVs (19th) are overdue for every class.
    const late = fixedClock("2026-08-20T14:00:00Z");
    await db.fundFeedState.update({
      where: { feed: AMFI_FEED },
      data: { lastSuccessAt: new Date("2026-08-20T13:55:00Z") },
    });
    const lateDeps = { ...deps, clock: late };
    const report = await freshnessReport(lateDeps);
    expect(report.inPublishingWindow).toBe(true);
    expect(report.fetchAgeSeconds).toBe(300);
    expect(report.classes.find((c) => c.schemeClass === "standard")).toMatchObject({
      expectedNavDate: "2026-08-19",
      newestNavDate: "2026-08-18",
      lagBusinessDays: 1,
    });
    expect(await checkFreshness(lateDeps)).toEqual({ changed: true, alertActive: true });
    expect(await checkFreshness(lateDeps)).toEqual({ changed: false, alertActive: true });
    const state = await db.fundFeedState.findUniqueOrThrow({ where: { feed: AMFI_FEED } });
    expect(state.alertActive).toBe(true);
    expect(state.alertMessage).toMatch(/standard schemes: newest NAV is for 2026-08-18/);
    expect(await db.auditEvent.count({ where: { action: "funds.freshness_alert_raised" } })).toBe(1);
    expect(await db.outboundMessage.count({ where: { template: "funds.freshness_alert" } })).toBe(1);
    expect(await freshnessMetrics(lateDeps)).toMatch(
      /flux_funds_nav_date_lag_business_days\{class="standard"\} 1/,
    );

    // Wednesday 19 Aug 19:30 IST: the 18th is the newest due; nothing lags, the fetch is 5 min old.
    const onTime = fixedClock("2026-08-19T14:00:00Z");
    await db.fundFeedState.update({
      where: { feed: AMFI_FEED },
      data: { lastSuccessAt: new Date("2026-08-19T13:55:00Z") },
    });
    expect(await checkFreshness({ ...deps, clock: onTime })).toEqual({ changed: true, alertActive: false });
    expect(await db.auditEvent.count({ where: { action: "funds.freshness_alert_cleared" } })).toBe(1);
  });
});
