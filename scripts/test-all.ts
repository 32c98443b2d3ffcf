/**
 * `npm test`: every check CI runs, in order, stopping at the first failure, with a summary of counts and
 * times per tier: typecheck, lint (Biome + architecture rules), unit tests, schema drift, integration tests
 * (real PostgreSQL and Redis), production build, Playwright in Debian's Chromium.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { canConnectPostgres, redisPing } from "./services";

interface Step {
  name: string;
  command: string[];
  results?: string;
  env?: Record<string, string>;
  skip?: () => string | null;
  /** Exit codes that mean "could not run here" rather than failure. */
  skipCodes?: Record<number, string>;
}

mkdirSync("test-results", { recursive: true });

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
if (!(await canConnectPostgres(databaseUrl))) {
  console.error(
    `✖ PostgreSQL is not reachable at ${databaseUrl.replace(/:[^:@/]+@/, ":•••@")}. Start it or set DATABASE_URL.`,
  );
  process.exit(1);
}
if (!(await redisPing(redisUrl))) {
  console.error(`✖ Redis is not reachable at ${redisUrl}. Start redis-server or set REDIS_URL.`);
  process.exit(1);
}

const node = process.execPath;
const steps: Step[] = [
  { name: "prisma generate", command: [node, "--import", "tsx", "scripts/prisma.ts", "generate"] },
  { name: "typecheck", command: [node, "node_modules/typescript/bin/tsc", "--noEmit", "-p", "."] },
  { name: "lint", command: [node, "node_modules/@biomejs/biome/bin/biome", "check", "."] },
  { name: "architecture lint", command: [node, "--import", "tsx", "scripts/lint-guards.ts"] },
  {
    name: "unit tests",
    command: [
      node,
      "node_modules/vitest/vitest.mjs",
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      "--outputFile=test-results/unit.json",
    ],
    results: "test-results/unit.json",
  },
  {
    name: "schema drift",
    command: [node, "--import", "tsx", "scripts/db-drift.ts"],
    skipCodes: { 3: "no Prisma schema engine on this machine" },
  },
  {
    name: "integration tests",
    command: [
      node,
      "node_modules/vitest/vitest.mjs",
      "run",
      "--project",
      "int",
      "--reporter=default",
      "--reporter=json",
      "--outputFile=test-results/int.json",
    ],
    results: "test-results/int.json",
  },
  {
    name: "production build",
    command: [node, "node_modules/next/dist/bin/next", "build"],
    env: { NEXT_TELEMETRY_DISABLED: "1" },
  },
  {
    name: "e2e (Playwright)",
    command: [node, "--import", "tsx", "scripts/e2e.ts"],
    results: "test-results/e2e.json",
  },
];

function counts(file: string): string {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    if ("numPassedTests" in report) return `${report.numPassedTests} passed, ${report.numFailedTests} failed`;
    const stats = report.stats;
    if (stats) return `${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky`;
  } catch {
    // no report
  }
  return "";
}

const summary: { name: string; seconds: number; status: string; counts: string }[] = [];
const started = Date.now();
let failed = false;
for (const step of steps) {
  const reason = step.skip?.();
  if (reason) {
    summary.push({ name: step.name, seconds: 0, status: `skipped (${reason})`, counts: "" });
    continue;
  }
  console.log(`\n━━ ${step.name} ━━`);
  const begin = Date.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), {
    stdio: "inherit",
    env: { ...process.env, ...step.env },
  });
  const seconds = (Date.now() - begin) / 1000;
  const skipped = result.status !== null ? step.skipCodes?.[result.status] : undefined;
  if (skipped) {
    summary.push({ name: step.name, seconds, status: `skipped (${skipped})`, counts: "" });
    continue;
  }
  const ok = result.status === 0;
  summary.push({
    name: step.name,
    seconds,
    status: ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`,
    counts: step.results ? counts(step.results) : "",
  });
  if (!ok) {
    failed = true;
    break;
  }
}

console.log("\n━━ summary ━━");
for (const row of summary) {
  console.log(
    `${row.name.padEnd(20)} ${row.status.padEnd(12)} ${row.seconds.toFixed(1).padStart(6)} s  ${row.counts}`,
  );
}
console.log(
  `${"total".padEnd(20)} ${(failed ? "FAILED" : "ok").padEnd(12)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`,
);
process.exit(failed ? 1 : 0);
