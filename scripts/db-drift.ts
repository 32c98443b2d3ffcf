// Fails (exit 2) when prisma/schema and prisma/migrations disagree. Uses a throwaway shadow database.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { env } from "../server/platform/env";

const main = new URL(env().DATABASE_URL);
const shadowName = `flux_shadow_${process.pid}`;
const admin = new URL(main);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
await client.query(`CREATE DATABASE "${shadowName}"`);
const shadow = new URL(main);
shadow.pathname = `/${shadowName}`;
try {
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/prisma.ts",
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema",
      "prisma/schema",
      "--exit-code",
    ],
    { stdio: "inherit", env: { ...process.env, SHADOW_DATABASE_URL: shadow.toString() } },
  );
  if (result.status === 2)
    console.error("Drift: prisma/schema differs from prisma/migrations. Author a migration.");
  process.exitCode = result.status ?? 1;
} finally {
  await client.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
  await client.end();
}
