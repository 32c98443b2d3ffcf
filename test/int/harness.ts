/**
 * Integration-test harness: a private database (cloned from the migrated template) and a private Redis
 * key prefix per test file, plus the dependencies services take. Real PostgreSQL and Redis, no mocks.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll } from "vitest";
import { type BusinessClock, createBusinessClock } from "@/server/platform/business-clock";
import { fixedClock } from "@/server/platform/clock";
import { createDb, type Db } from "@/server/platform/db/client";
import type { AppDeps } from "@/server/platform/deps";
import { createQueueRegistry, type QueueRegistry } from "@/server/platform/queues/queues";
import { perCheckout } from "../stack-id";
import { adminDatabaseUrl } from "./admin-url";

export { adminDatabaseUrl };

const TEMPLATE = perCheckout("flux_test_template");

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  /** A raw superuser connection for what the app may not do (editing audit rows to prove detection). */
  superuser(): Promise<pg.Client>;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const name = `flux_test_${label
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 20 });
  const clients: pg.Client[] = [];
  return {
    name,
    url: url.toString(),
    db,
    async superuser() {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await db.$disconnect();
      for (const client of clients) await client.end().catch(() => undefined);
      const dropper = new pg.Client({ connectionString: adminDatabaseUrl() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await dropper.end();
    },
  };
}

export function uniquePrefix(label: string): string {
  return `flux-test-${label}-${randomBytes(4).toString("hex")}`;
}

export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
}

export interface TestStack {
  database: TestDatabase;
  db: Db;
  redis: Redis;
  prefix: string;
  queues: QueueRegistry;
  clock: BusinessClock;
  deps: AppDeps;
}

/**
 * A private database + Redis prefix for one test file, torn down after it. `clock` is the real
 * business clock of that database (tests move it with a platform_setting row, as admins do).
 */
export async function createTestStack(
  label: string,
  options: { sandboxUrl?: string } = {},
): Promise<TestStack> {
  const database = await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const queues = createQueueRegistry({ prefix });
  const clock = createBusinessClock(database.db);
  const deps: AppDeps = {
    db: database.db,
    redis,
    redisPrefix: prefix,
    clock,
    queues,
    secret: "integration-test-secret-integration-test-secret",
    sandboxUrl: options.sandboxUrl ?? "http://127.0.0.1:9",
    otpTtlSeconds: 300,
    otpMaxAttempts: 5,
    allowTimeTravel: true,
  };
  afterAll(async () => {
    await queues.close().catch(() => undefined);
    await deleteRedisPrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    await database.drop();
  });
  return { database, db: database.db, redis, prefix, queues, clock, deps };
}

export { fixedClock };
