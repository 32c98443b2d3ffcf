/**
 * Architecture lint (Twenty's "a guard on every endpoint", STYLE habits 1 and 4):
 * - only server/trpc/init.ts may touch initTRPC or t.procedure: every procedure comes from a guarded builder;
 * - routes (app/) and routers (server/trpc/routers) are glue: no Prisma queries there;
 * - jobs are enqueued through the outbox: nothing outside the relay and ops tools calls queue.add.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface Rule {
  description: string;
  pattern: RegExp;
  applies: (file: string) => boolean;
}

const RULES: Rule[] = [
  {
    description: "tRPC procedures must come from the guarded builders in server/trpc/init.ts",
    pattern: /\binitTRPC\b|\bt\.procedure\b/,
    applies: (file) => file !== "server/trpc/init.ts",
  },
  {
    description: "no Prisma queries in routes or routers: call a service",
    pattern:
      /\.(db|tx|deps\.db)\.[a-zA-Z]+\.(find\w*|create\w*|update\w*|delete\w*|upsert|count|aggregate|groupBy)\(|\$queryRaw|\$executeRaw/,
    applies: (file) => file.startsWith("app/") || file.startsWith("server/trpc/routers/"),
  },
  {
    description: "enqueue through the outbox (uow.emit), never directly",
    pattern: /\.(add|addBulk)\(\s*(?:["'`]|\{?\s*name)/,
    applies: (file) =>
      (file.startsWith("server/") || file.startsWith("app/")) &&
      !file.startsWith("server/platform/outbox/") &&
      !file.endsWith(".test.ts"),
  },
];

const ROOTS = ["app", "server", "components", "lib", "workers"];
const failures: string[] = [];

function walk(dir: string) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === "generated" || entry === "node_modules") continue;
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.(ts|tsx)$/.test(entry)) check(full);
  }
}

function check(file: string) {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  for (const rule of RULES) {
    if (!rule.applies(file)) continue;
    lines.forEach((line, index) => {
      if (rule.pattern.test(line) && !line.includes("lint-guards: allow"))
        failures.push(`${file}:${index + 1}: ${rule.description}\n    ${line.trim()}`);
    });
  }
}

for (const root of ROOTS) walk(root);
if (failures.length) {
  console.error(`Architecture lint failed:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("architecture lint: ok");
