// Runs the Prisma CLI with the offline schema engine stand-in when this machine has it
// (../shared/tools/prisma-wasm-engine); elsewhere Prisma's own engine is used.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const wasmEngine = path.resolve("../shared/tools/prisma-wasm-engine/schema-engine-wasm.cjs");
const args = process.argv.slice(2);
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  if (args[0] === "generate" || args[0] === "validate" || args[0] === "format")
    env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/true";
  else if (existsSync(wasmEngine)) env.PRISMA_SCHEMA_ENGINE_BINARY = wasmEngine;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), ...args], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
