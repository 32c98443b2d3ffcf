// `npm run test:e2e`: prepares the e2e database (fresh, migrated, seeded) and Redis prefix, then runs
// Playwright, which starts sandbox, workers and `next start` on a production build (run `next build` first).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { E2E, e2eDatabaseUrl } from "../e2e/env";
import { seedDemoData } from "../prisma/seed/demo-data";
// funds (issue 5): fund catalog from the AMFI scheme master and NAV history
import { seedFunds } from "../prisma/seed/funds";
// loans (issue 4): demo loans for the demo shopper
import { seedLoans } from "../prisma/seed/loans";
import { createDb } from "../server/platform/db/client";
import { applyMigrations } from "../server/platform/db/migrate";

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first (npm test does).");
  process.exit(1);
}
const url = e2eDatabaseUrl();
const admin = new URL(url);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
await client.query(`DROP DATABASE IF EXISTS "${E2E.database}" WITH (FORCE)`);
await client.query(`CREATE DATABASE "${E2E.database}"`);
await client.end();
await applyMigrations(url);
const db = createDb(url, { max: 2 });
await seedDemoData(db);
// funds (issue 5)
await seedFunds(db);
// loans (issue 4)
await seedLoans(db);
await db.$disconnect();

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
let cursor = "0";
do {
  const [next, keys] = await redis.scan(cursor, "MATCH", `${E2E.redisPrefix}:*`, "COUNT", 1000);
  cursor = next;
  if (keys.length) await redis.del(...keys);
} while (cursor !== "0");
redis.disconnect();
console.log(`e2e database ${E2E.database} ready; Redis prefix ${E2E.redisPrefix} cleared`);

const result = spawnSync(
  process.execPath,
  ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
