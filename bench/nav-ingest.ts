/**
 * BENCH nav-ingest: the full real AMFI file (14,280 rows) through the pipeline as the worker runs it:
 * receive (SHA-256, raw file stored) + parse + validate + persist (multi-row unnest upserts, revisions,
 * latest pointers, quarantine rows, audit, outbox) + Redis cache and broadcast; side by side with a naive
 * ingest of the same file (same parse and validation, then one INSERT per scheme and per NAV and one Redis
 * SET per scheme, row by row). Each round starts from empty funds tables; the two alternate; medians.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseAmfiFile } from "@/server/funds/domain/amfi-parser";
import { defaultRiskLevel } from "@/server/funds/domain/scheme-facts";
import { validateRows } from "@/server/funds/domain/validate";
import { ingestRun, receiveNavFile } from "@/server/funds/ingest.service";
import { navCacheKey } from "@/server/funds/nav-cache";
import { benchFunds } from "./lib/funds-db";
import { median, round } from "./lib/load";

const FILE = path.resolve(process.cwd(), "../shared/data/amfi/NAVAll_6field_2026-08-18.txt");

export default async function navIngestBench({ args }: { appUrl: string; args: string[] }): Promise<string> {
  const rounds = Number(args[0] ?? 3);
  const content = readFileSync(FILE);
  const funds = await benchFunds("navingest");
  const deps = { db: funds.db, redis: funds.redis, redisPrefix: funds.prefix, clock: funds.clock };
  const pipelineSeconds: number[] = [];
  const naiveSeconds: number[] = [];
  let rows = 0;
  let accepted = 0;
  try {
    for (let round_ = 0; round_ < rounds; round_++) {
      await funds.reset();
      let started = performance.now();
      const received = await receiveNavFile(deps, funds.ctx, {
        content,
        fileName: "NAVAll.txt",
        source: "upload",
      });
      if (received.status !== "queued") throw new Error(`unexpected receive result ${received.status}`);
      const outcome = await ingestRun(deps, funds.ctx, received.runId);
      const elapsed = (performance.now() - started) / 1000;
      pipelineSeconds.push(elapsed);
      const run = await funds.db.fundIngestRun.findUniqueOrThrow({ where: { id: received.runId } });
      rows = run.rowsTotal;
      accepted = run.accepted;
      if (!run.broadcastAt || outcome.published.length !== accepted)
        throw new Error("the pipeline did not publish");
      console.log(
        `round ${round_ + 1} pipeline: ${elapsed.toFixed(3)} s (${run.accepted} accepted, ${run.quarantined} quarantined)`,
      );

      await funds.reset();
      started = performance.now();
      await naiveIngest(funds, content);
      const naive = (performance.now() - started) / 1000;
      naiveSeconds.push(naive);
      console.log(`round ${round_ + 1} naive row-by-row: ${naive.toFixed(3)} s`);
    }
  } finally {
    await funds.close();
  }
  const seconds = median(pipelineSeconds);
  const naive = median(naiveSeconds);
  console.log(
    `pipeline median ${seconds.toFixed(3)} s, naive median ${naive.toFixed(3)} s over ${rounds} alternated rounds`,
  );
  return `BENCH nav-ingest seconds=${round(seconds, 3)} rows_per_s=${Math.round(rows / seconds)} naive_ratio=${round(naive / seconds, 1)} naive_seconds=${round(naive, 3)} rows=${rows} accepted=${accepted}`;
}

/**
 * The obvious implementation: on one plain `pg` connection (no ORM overhead), one INSERT per scheme (with
 * its latest NAV) and one per NAV, autocommit, row by row; one Redis SET per scheme.
 */
async function naiveIngest(funds: Awaited<ReturnType<typeof benchFunds>>, content: Buffer) {
  const parsed = parseAmfiFile(content);
  const summary = validateRows(parsed.rows, {
    today: "2026-08-18",
    futureWindowDays: 1,
    jumpThresholdBps: 2_000,
  });
  const now = new Date();
  const client = new pg.Client({ connectionString: funds.url });
  await client.connect();
  try {
    for (const outcome of summary.outcomes) {
      if (outcome.kind !== "accepted") continue;
      const nav = outcome.nav;
      await client.query(
        `INSERT INTO fund_scheme (code, name, amc, category, structure, plan, option, scheme_class, isin_growth,
                                  isin_reinvest, risk_level, latest_nav, latest_nav_date, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::numeric, $13::date, $14, $14)
         ON CONFLICT (code) DO UPDATE SET latest_nav = EXCLUDED.latest_nav, latest_nav_date = EXCLUDED.latest_nav_date
         WHERE fund_scheme.latest_nav_date IS NULL OR fund_scheme.latest_nav_date <= EXCLUDED.latest_nav_date`,
        [
          nav.schemeCode,
          nav.schemeName,
          nav.amc,
          nav.category,
          nav.structure,
          nav.plan,
          nav.option,
          nav.schemeClass,
          nav.isinGrowth,
          nav.isinReinvest,
          defaultRiskLevel(nav.category),
          nav.nav,
          nav.navDate,
          now,
        ],
      );
      await client.query(
        `INSERT INTO fund_nav (scheme_code, nav_date, nav, created_at, updated_at) VALUES ($1, $2::date, $3::numeric, $4, $4)
         ON CONFLICT (scheme_code, nav_date) DO UPDATE SET nav = EXCLUDED.nav`,
        [nav.schemeCode, nav.navDate, nav.nav, now],
      );
      await funds.redis.set(
        navCacheKey(funds.prefix, nav.schemeCode),
        JSON.stringify({
          schemeCode: nav.schemeCode,
          nav: nav.nav,
          navDate: nav.navDate,
          schemeClass: nav.schemeClass,
        }),
        "EX",
        86_400,
      );
    }
  } finally {
    await client.end();
  }
}
