/** Where the stack started by `npm start` keeps its database and secret (for peers that need the same). */
import { existsSync, readFileSync } from "node:fs";
import { perCheckout } from "../../test/stack-id";

export async function stackDatabaseUrl(): Promise<string> {
  const database = process.env.FLUX_DATABASE ?? perCheckout("flux");
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    `postgresql://postgres@127.0.0.1:5432/${database}`
  );
}

export async function stackAuthSecret(): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (existsSync(".data/auth-secret")) return readFileSync(".data/auth-secret", "utf8").trim();
  throw new Error(
    "AUTH_SECRET is not set and .data/auth-secret does not exist: start the stack with npm start",
  );
}
