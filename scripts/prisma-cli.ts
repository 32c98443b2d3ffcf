/**
 * Runs the Prisma CLI with the offline schema engine stand-in when this machine has it
 * (../shared/tools/prisma-wasm-engine); elsewhere Prisma's own engine is used.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const WASM_ENGINE = path.resolve("../shared/tools/prisma-wasm-engine/schema-engine-wasm.cjs");

export function hasSchemaEngine(): boolean {
  return existsSync(WASM_ENGINE) || Boolean(process.env.PRISMA_SCHEMA_ENGINE_BINARY);
}

export function runPrisma(
  args: string[],
  options: { capture?: boolean; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...options.env,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
    if (["generate", "validate", "format"].includes(args[0] ?? ""))
      env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/true";
    else if (existsSync(WASM_ENGINE)) env.PRISMA_SCHEMA_ENGINE_BINARY = WASM_ENGINE;
  }
  return spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), ...args], {
    stdio: options.capture ? "pipe" : "inherit",
    encoding: "utf8",
    env: env as NodeJS.ProcessEnv,
  });
}
