/**
 * `npm run db:migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
 * SQL that takes the schema as last committed (git HEAD) to the schema in the working tree. Uses Prisma's
 * `migrate diff --from-schema --to-schema`, which needs no database (the offline schema engine cannot
 * describe databases holding check constraints, so `migrate dev` is not used). Review the SQL; add
 * hand-written invariants (checks, triggers) to it; run `npm run db:drift` before committing.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runPrisma } from "./prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration:new -- <snake_case_name>");
  process.exit(2);
}
const before = mkdtempSync(path.join(tmpdir(), "flux-schema-"));
const files = execFileSync("git", ["ls-tree", "--name-only", "HEAD", "prisma/schema/"], { encoding: "utf8" })
  .trim()
  .split("\n")
  .filter(Boolean);
for (const file of files) {
  writeFileSync(
    path.join(before, path.basename(file)),
    execFileSync("git", ["show", `HEAD:${file}`], { encoding: "utf8" }),
  );
}
const diff = runPrisma(
  ["migrate", "diff", "--from-schema", before, "--to-schema", "prisma/schema", "--script"],
  {
    capture: true,
  },
);
if (diff.status !== 0) {
  console.error(diff.stderr);
  process.exit(1);
}
const sql = diff.stdout.trim();
if (!sql || sql === "-- This is an empty migration.") {
  console.log("prisma/schema matches HEAD: nothing to migrate.");
  process.exit(0);
}
const stamp = new Date()
  .toISOString()
  .replace(/[-:TZ.]/g, "")
  .slice(0, 14);
const existing = readdirSync("prisma/migrations")
  .filter((entry) => /^\d{14}_/.test(entry))
  .sort();
const last = existing.at(-1)?.slice(0, 14) ?? "0";
const timestamp = stamp > last ? stamp : String(Number(last) + 1);
const folder = path.join("prisma/migrations", `${timestamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "migration.sql"), `${sql}\n`);
console.log(`wrote ${folder}/migration.sql`);
