/**
 * BENCH nav-read: the NAV read service (`getLatestNav`, what order pricing will call) after the real AMFI
 * file is ingested, for random schemes: a cache hit (Redis GET) versus a miss (key deleted first, untimed;
 * then the database read and the cache refill). One call at a time; alternated rounds; p50/p99 are medians
 * over the rounds.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ingestRun, receiveNavFile } from "@/server/funds/ingest.service";
import { navCacheKey } from "@/server/funds/nav-cache";
import { getLatestNav } from "@/server/funds/nav-read.service";
import { benchFunds } from "./lib/funds-db";
import { median, round } from "./lib/load";

const FILE = path.resolve(process.cwd(), "../shared/data/amfi/NAVAll_6field_2026-08-18.txt");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function navReadBench({ args }: { appUrl: string; args: string[] }): Promise<string> {
  const rounds = Number(args[0] ?? 3);
  const perRound = Number(args[1] ?? 5_000);
  const funds = await benchFunds("navread");
  const deps = { db: funds.db, redis: funds.redis, redisPrefix: funds.prefix, clock: funds.clock };
  const hit = { p50: [] as number[], p99: [] as number[] };
  const miss = { p50: [] as number[], p99: [] as number[] };
  try {
    const received = await receiveNavFile(deps, funds.ctx, {
      content: readFileSync(FILE),
      fileName: "NAVAll.txt",
      source: "upload",
    });
    if (received.status !== "queued") throw new Error("could not ingest the sample file");
    await ingestRun(deps, funds.ctx, received.runId);
    const codes = (
      await funds.db.fundScheme.findMany({ where: { latestNav: { not: null } }, select: { code: true } })
    ).map((s) => s.code);
    const pick = () => codes[Math.floor(Math.random() * codes.length)]!;
    // Warm-up: JIT, connection pools, prepared statements.
    for (let i = 0; i < 500; i++) await getLatestNav(deps, pick());

    for (let r = 0; r < rounds; r++) {
      const hits: number[] = [];
      for (let i = 0; i < perRound; i++) {
        const code = pick();
        const started = performance.now();
        const nav = await getLatestNav(deps, code);
        hits.push(performance.now() - started);
        if (nav?.source !== "cache") throw new Error(`expected a cache hit for ${code}`);
      }
      const misses: number[] = [];
      for (let i = 0; i < perRound / 5; i++) {
        const code = pick();
        await funds.redis.del(navCacheKey(funds.prefix, code));
        const started = performance.now();
        const nav = await getLatestNav(deps, code);
        misses.push(performance.now() - started);
        if (nav?.source !== "db") throw new Error(`expected a miss for ${code}`);
      }
      hits.sort((a, b) => a - b);
      misses.sort((a, b) => a - b);
      hit.p50.push(percentile(hits, 50));
      hit.p99.push(percentile(hits, 99));
      miss.p50.push(percentile(misses, 50));
      miss.p99.push(percentile(misses, 99));
      console.log(
        `round ${r + 1}: hit p50 ${percentile(hits, 50).toFixed(3)} ms p99 ${percentile(hits, 99).toFixed(3)} ms; ` +
          `miss p50 ${percentile(misses, 50).toFixed(3)} ms p99 ${percentile(misses, 99).toFixed(3)} ms`,
      );
    }
  } finally {
    await funds.close();
  }
  return `BENCH nav-read hit_p99_ms=${round(median(hit.p99), 3)} miss_p99_ms=${round(median(miss.p99), 3)} hit_p50_ms=${round(median(hit.p50), 3)} miss_p50_ms=${round(median(miss.p50), 3)}`;
}
