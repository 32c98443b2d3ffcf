/**
 * A separate process holding a rules runtime (as a web or worker process does): prints `ready v<n>` once
 * subscribed with the current version cached, then `current v<n>` each time a publish reaches it.
 * Used by the integration test that proves a publish reaches another process without a restart.
 *
 *   DATABASE_URL=... REDIS_URL=... REDIS_PREFIX=... node --import tsx server/lending/rules/runtime-probe.ts
 */
import { Redis } from "ioredis";
import { createDb } from "../../platform/db/client";
import { RulesRuntime } from "./runtime";

const db = createDb(process.env.DATABASE_URL as string, { max: 2 });
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
const runtime = new RulesRuntime(
  { db, redis, redisPrefix: process.env.REDIS_PREFIX as string },
  {
    subscribedTtlMs: 600_000,
  },
);
await runtime.start();
process.stdout.write(`ready v${(await runtime.currentVersion()).version}\n`);
runtime.onPublish(() => {
  void runtime.currentVersion().then((current) => process.stdout.write(`current v${current.version}\n`));
});
process.on("SIGTERM", async () => {
  await runtime.stop();
  redis.disconnect();
  await db.$disconnect();
  process.exit(0);
});
