/**
 * The NAV ingest against real PostgreSQL and Redis: the real AMFI file, refusals, duplicates, concurrent
 * workers, yesterday's file, revisions, the cache and the live broadcast, Redis down during publish.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { disposableRedis } from "@/test/int/redis-server";
import { systemActor } from "../platform/actor";
import { fixedClock } from "../platform/clock";
import type { FundsDeps } from "./deps";
import { broadcastRun, ingestRun, receiveNavFile } from "./ingest.service";
import { navCacheKey, navChannel } from "./nav-cache";
import { getLatestNav, getLatestNavs } from "./nav-read.service";

const stack = await createTestStack("fundsingest");
const DATA = path.resolve(import.meta.dirname, "../../../shared/data/amfi");
const REAL = readFileSync(path.join(DATA, "NAVAll_6field_2026-08-18.txt"));
const HEADER =
  "Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Net Asset Value;Date";

// 18 Aug 2026, 23:30 IST: the day's NAVs are out.
const clock = fixedClock("2026-08-18T18:00:00Z");
const deps: FundsDeps = { db: stack.db, redis: stack.redis, redisPrefix: stack.prefix, clock };
const ctx = { actor: systemActor("test"), correlationId: "funds-ingest-test", ip: null, clock };

function file(rows: string[], date: string): Buffer {
  return Buffer.from(
    [
      HEADER,
      " ",
      "Open Ended Schemes(Debt Scheme - Liquid Fund)",
      " ",
      "Test Mutual Fund",
      " ",
      ...rows.map((r) => `${r};${date}`),
      " ",
      "",
    ].join("\r\n"),
  );
}

async function receiveAndIngest(content: Buffer, fileName = "NAVAll.txt") {
  const received = await receiveNavFile(deps, ctx, { content, fileName, source: "upload" });
  if (received.status !== "queued") return { received, outcome: null };
  const outcome = await ingestRun(deps, ctx, received.runId);
  return { received, outcome };
}

async function counts() {
  const [schemes, navs, raw, revisions, held] = await Promise.all([
    stack.db.fundScheme.count(),
    stack.db.fundNav.count(),
    stack.db.fundRawFile.count(),
    stack.db.fundNavRevision.count(),
    stack.db.fundHeldNav.count(),
  ]);
  return { schemes, navs, raw, revisions, held };
}

describe("NAV ingest", () => {
  it("ingests the real 6-field AMFI file: accepted, quarantined with reasons, cached and broadcast", async () => {
    const subscriber = new Redis(stack.redis.options);
    const messages: string[] = [];
    await subscriber.subscribe(navChannel(stack.prefix));
    subscriber.on("message", (_channel, message) => messages.push(message));

    const { received, outcome } = await receiveAndIngest(REAL, "NAVAll_6field_2026-08-18.txt");
    expect(received.status).toBe("queued");
    expect(outcome?.status).toBe("SUCCEEDED");
    const run = await stack.db.fundIngestRun.findUniqueOrThrow({ where: { id: outcome!.runId } });
    expect(run).toMatchObject({
      status: "SUCCEEDED",
      layout: "6-field",
      rowsTotal: 14_280,
      accepted: 14_037,
      inserted: 14_037,
      revised: 0,
      held: 0,
      quarantined: 243,
      quarantineReasons: { nav_zero: 243 },
      warnings: { isin_invalid: 10 },
    });
    expect(run.sha256).toHaveLength(64);
    expect(run.broadcastAt).not.toBeNull();
    expect(await stack.db.fundIngestIssue.count({ where: { runId: run.id, reason: "nav_zero" } })).toBe(243);
    expect(await counts()).toMatchObject({ schemes: 14_037, navs: 14_037, raw: 1 });

    const scheme = await stack.db.fundScheme.findUniqueOrThrow({ where: { code: 119551 } });
    expect(scheme.latestNav?.toFixed()).toBe("107.136");
    expect(scheme.latestNavDate?.toISOString().slice(0, 10)).toBe("2026-08-18");
    expect(scheme).toMatchObject({
      amc: "Aditya Birla Sun Life Mutual Fund",
      plan: "direct",
      option: "idcw",
    });

    const cached = JSON.parse((await stack.redis.get(navCacheKey(stack.prefix, 119551)))!);
    expect(cached).toEqual({
      schemeCode: 119551,
      nav: "107.136",
      navDate: "2026-08-18",
      schemeClass: "standard",
    });
    const ttl = await stack.redis.ttl(navCacheKey(stack.prefix, 119551));
    // Next standard NAV (Wed 19th) is due at 23:00 IST on the 19th: 23.5 h from now.
    expect(ttl).toBeGreaterThan(23 * 3600);
    expect(ttl).toBeLessThanOrEqual(23.5 * 3600);

    await expect.poll(() => messages.length).toBe(1);
    const broadcast = JSON.parse(messages[0]!);
    expect(broadcast.runId).toBe(run.id);
    expect(broadcast.navs).toHaveLength(14_037);
    await subscriber.quit();

    // The outbox carries the broadcast event for later consumers.
    expect(await stack.db.outboxEvent.count({ where: { jobName: "funds.nav.broadcast" } })).toBe(1);
  });

  it("treats the same file twice as a no-op", async () => {
    const before = await counts();
    const runsBefore = await stack.db.fundIngestRun.count();
    const { received } = await receiveAndIngest(REAL);
    expect(received.status).toBe("duplicate");
    expect(received.runId).not.toBeNull();
    expect(await counts()).toEqual(before);
    expect(await stack.db.fundIngestRun.count()).toBe(runsBefore);
  });

  it.each([
    [
      "an HTML error page",
      Buffer.from("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"),
      "HTML",
    ],
    ["an empty body", Buffer.alloc(0), "EMPTY"],
    ["a truncated file", REAL.subarray(0, 700_001), "TRUNCATED"],
    ["an unknown header", Buffer.from("Code;Name;NAV;Date\r\n1;A;10;18-Aug-2026\r\n"), "UNKNOWN_HEADER"],
  ])("refuses %s and changes nothing but a refused run and an audit line", async (_label, content, code) => {
    const before = await counts();
    const audits = await stack.db.auditEvent.count({ where: { action: "funds.nav_file_refused" } });
    const received = await receiveNavFile(deps, ctx, { content, fileName: "bad.txt", source: "upload" });
    expect(received).toMatchObject({ status: "refused", code });
    expect(await counts()).toEqual(before);
    const run = await stack.db.fundIngestRun.findUniqueOrThrow({
      where: { id: (received as { runId: string }).runId },
    });
    expect(run).toMatchObject({ status: "REFUSED", refusalCode: code, rawFileId: null, accepted: 0 });
    expect(run.error).toBeTruthy();
    expect(await stack.db.auditEvent.count({ where: { action: "funds.nav_file_refused" } })).toBe(audits + 1);
  });

  it("lets exactly one of two concurrent workers process a run; no duplicate rows", async () => {
    const content = file(
      [
        "900001;-;-;Concurrency Fund - Direct - Growth;10.5000",
        "900002;-;-;Concurrency Fund - Regular - Growth;10.4000",
      ],
      "18-Aug-2026",
    );
    const received = await receiveNavFile(deps, ctx, { content, fileName: "c.txt", source: "upload" });
    expect(received.status).toBe("queued");
    const runId = (received as { runId: string }).runId;
    const results = await Promise.all([ingestRun(deps, ctx, runId), ingestRun(deps, ctx, runId)]);
    expect(results.map((r) => r.status).sort()).toEqual(["ALREADY_DONE", "SUCCEEDED"]);
    expect(await stack.db.fundNav.count({ where: { schemeCode: { in: [900001, 900002] } } })).toBe(2);

    // Two receives of the same bytes at once: one raw file, one run.
    const twin = file(["900003;-;-;Twin Fund - Growth;11"], "18-Aug-2026");
    const both = await Promise.allSettled([
      receiveNavFile(deps, ctx, { content: twin, fileName: "t.txt", source: "upload" }),
      receiveNavFile(deps, ctx, { content: twin, fileName: "t.txt", source: "upload" }),
    ]);
    const statuses = both.map((r) => (r.status === "fulfilled" ? r.value.status : "error"));
    expect(statuses.filter((s) => s === "queued")).toHaveLength(1);
    expect(await stack.db.fundIngestRun.count({ where: { fileName: "t.txt" } })).toBe(1);
  });

  it("never regresses a newer NAV with yesterday's file, and keeps a restated NAV as a revision", async () => {
    await receiveAndIngest(file(["900010;-;-;Regress Fund - Growth;20.0000"], "18-Aug-2026"));
    const yesterday = await receiveAndIngest(
      file(["900010;-;-;Regress Fund - Growth;19.9000"], "17-Aug-2026"),
    );
    expect(yesterday.outcome?.published).toEqual([]);
    const run = await stack.db.fundIngestRun.findUniqueOrThrow({ where: { id: yesterday.outcome!.runId } });
    expect(run).toMatchObject({ accepted: 1, inserted: 1, olderThanLatest: 1 });
    let scheme = await stack.db.fundScheme.findUniqueOrThrow({ where: { code: 900010 } });
    expect(scheme.latestNav?.toFixed()).toBe("20");
    expect(scheme.latestNavDate?.toISOString().slice(0, 10)).toBe("2026-08-18");
    expect((await getLatestNav(deps, 900010))?.navDate).toBe("2026-08-18");

    // AMFI restates the 18th: a revision with both values; the latest NAV follows it.
    const restated = await receiveAndIngest(
      file(["900010;-;-;Regress Fund - Growth;20.0100"], "18-Aug-2026"),
    );
    expect(restated.outcome?.published).toEqual([
      { schemeCode: 900010, nav: "20.01", navDate: "2026-08-18", schemeClass: "standard" },
    ]);
    const revisions = await stack.db.fundNavRevision.findMany({ where: { schemeCode: 900010 } });
    expect(revisions.map((r) => [r.previousNav.toFixed(), r.nav.toFixed()])).toEqual([["20", "20.01"]]);
    scheme = await stack.db.fundScheme.findUniqueOrThrow({ where: { code: 900010 } });
    expect(scheme.latestNav?.toFixed()).toBe("20.01");
    expect(await stack.db.fundNav.count({ where: { schemeCode: 900010 } })).toBe(2);
    expect((await getLatestNav(deps, 900010))?.nav).toBe("20.01");
  });

  it("holds a NAV that jumps beyond the threshold instead of publishing it", async () => {
    await receiveAndIngest(file(["900020;-;-;Jumpy Fund - Growth;10.0000"], "17-Aug-2026"));
    const { outcome } = await receiveAndIngest(
      file(["900020;-;-;Jumpy Fund - Growth;15.0000"], "18-Aug-2026"),
    );
    const run = await stack.db.fundIngestRun.findUniqueOrThrow({ where: { id: outcome!.runId } });
    expect(run).toMatchObject({ accepted: 0, held: 1 });
    const held = await stack.db.fundHeldNav.findFirstOrThrow({ where: { schemeCode: 900020 } });
    expect(held).toMatchObject({ status: "PENDING", jumpBps: 5_000 });
    expect((await getLatestNav(deps, 900020))?.nav).toBe("10");
  });

  it("reads through the cache, falls back to the database on a miss and refills the cache", async () => {
    await stack.redis.del(navCacheKey(stack.prefix, 119552));
    const miss = await getLatestNav(deps, 119552);
    expect(miss).toMatchObject({ nav: "117.4591", navDate: "2026-08-18", source: "db" });
    const hit = await getLatestNav(deps, 119552);
    expect(hit).toMatchObject({ nav: "117.4591", navDate: "2026-08-18", source: "cache" });
    const many = await getLatestNavs(deps, [119551, 119552, 999999999]);
    expect([...many.keys()].sort()).toEqual([119551, 119552]);
  });

  it("keeps the database updated when Redis is down during publish; the broadcast job fills the cache later", async () => {
    const server = await disposableRedis();
    await server.start();
    const flaky = new Redis(server.url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 1_000,
    });
    flaky.on("error", () => undefined);
    const flakyDeps: FundsDeps = { ...deps, redis: flaky };
    try {
      await server.stop();
      const received = await receiveNavFile(flakyDeps, ctx, {
        content: file(["900030;-;-;Outage Fund - Growth;30.0000"], "18-Aug-2026"),
        fileName: "outage.txt",
        source: "upload",
      });
      const outcome = await ingestRun(flakyDeps, ctx, (received as { runId: string }).runId);
      expect(outcome.status).toBe("SUCCEEDED");
      const run = await stack.db.fundIngestRun.findUniqueOrThrow({ where: { id: outcome.runId } });
      expect(run.broadcastAt).toBeNull();
      // Reads still work, from the database.
      expect(await getLatestNav(flakyDeps, 900030)).toMatchObject({
        nav: "30",
        navDate: "2026-08-18",
        source: "db",
      });

      await server.start();
      await expect.poll(() => flaky.status === "ready", { timeout: 10_000 }).toBe(true);
      expect(await flaky.get(navCacheKey(stack.prefix, 900030))).toBeNull();
      expect(await broadcastRun(flakyDeps, outcome.runId)).toEqual({ published: 1, skipped: false });
      expect(JSON.parse((await flaky.get(navCacheKey(stack.prefix, 900030)))!)).toMatchObject({ nav: "30" });
      expect(await broadcastRun(flakyDeps, outcome.runId)).toEqual({ published: 0, skipped: true });
    } finally {
      flaky.disconnect();
      await server.dispose();
    }
  });
});
