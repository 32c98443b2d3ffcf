/**
 * A private, migrated database and Redis prefix for the funds benchmarks, so the running stack's workers
 * (which poll and ingest on their own) never share tables or keys with the measurement. Dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { createDb, type Db } from "@/server/platform/db/client";
import { applyMigrations } from "@/server/platform/db/migrate";
import { adminDatabaseUrl } from "@/test/int/admin-url";

export interface BenchFunds {
  db: Db;
  url: string;
  redis: Redis;
  prefix: string;
  clock: ReturnType<typeof fixedClock>;
  ctx: {
    actor: ReturnType<typeof systemActor>;
    correlationId: string;
    ip: null;
    clock: ReturnType<typeof fixedClock>;
  };
  /** Empties every funds table and the prefix's Redis keys (between rounds). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function benchFunds(label: string): Promise<BenchFunds> {
  const name = `flux_bench_${label}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  const db = createDb(url.toString(), { max: 10 });
  const prefix = `flux-bench-${label}-${randomBytes(3).toString("hex")}`;
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  // The evening of 18 Aug 2026 in India: the sample file's NAVs are that day's.
  const clock = fixedClock("2026-08-18T18:00:00Z");
  const ctx = { actor: systemActor("bench"), correlationId: `bench-${label}`, ip: null, clock };
  async function clearRedis() {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 2_000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  }
  return {
    db,
    url: url.toString(),
    redis,
    prefix,
    clock,
    ctx,
    async reset() {
      await db.$executeRawUnsafe(
        "TRUNCATE fund_scheme, fund_nav, fund_nav_revision, fund_raw_file, fund_ingest_run, fund_ingest_issue, fund_held_nav, outbox_event",
      );
      await clearRedis();
    },
    async close() {
      await clearRedis().catch(() => undefined);
      redis.disconnect();
      await db.$disconnect();
      const dropper = new pg.Client({ connectionString: adminDatabaseUrl() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
