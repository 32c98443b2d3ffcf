#!/usr/bin/env node
// `npm start`: the one command that runs Flux on a fresh clone. Plain Node with no dependencies, because
// it may run before `npm install`: installs packages when missing or stale, generates the Prisma client,
// then hands over to scripts/stack.ts (embedded services, migrations, seed, build, web + workers + sandbox).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const stateDir = path.join(root, ".data");
mkdirSync(stateDir, { recursive: true });

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

function hashOf(files) {
  const hash = createHash("sha256");
  for (const file of files) if (existsSync(file)) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}

function stamp(name, value) {
  const file = path.join(stateDir, `${name}.stamp`);
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  return { fresh: previous === value, save: () => writeFileSync(file, value) };
}

const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  console.error(`Flux needs Node.js 20 or newer (this is ${process.versions.node}).`);
  process.exit(1);
}

const deps = stamp("npm-install", hashOf(["package.json", "package-lock.json"]));
if (!existsSync("node_modules/.package-lock.json") || !deps.fresh) {
  console.log("▸ Installing packages (npm install)…");
  run("npm", ["install", "--no-audit", "--no-fund"]);
  deps.save();
}

const schemaDir = "prisma/schema";
const schemaFiles = readdirSync(schemaDir)
  .filter((f) => f.endsWith(".prisma"))
  .sort()
  .map((f) => path.join(schemaDir, f));
const generated = stamp("prisma-generate", hashOf([...schemaFiles, "package-lock.json"]));
if (!existsSync("server/platform/db/generated/client.ts") || !generated.fresh) {
  console.log("▸ Generating the Prisma client…");
  run(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });
  generated.save();
}

// The stack supervisor stops everything it started on SIGINT/SIGTERM; pass those signals on and wait for it.
const stack = spawn(process.execPath, ["--import", "tsx", "scripts/stack.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stack.exitCode === null) stack.kill(signal);
  });
}
stack.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
