/**
 * The e2e stack's addresses and settings: shared by playwright.config.ts, scripts/e2e.ts and the specs.
 * Names and ports differ per checkout (test/stack-id.ts) so worktrees can run their suites side by side.
 */
import { PORT_OFFSET, perCheckout } from "../test/stack-id";

export const E2E = {
  webPort: Number(process.env.E2E_WEB_PORT ?? 3100 + PORT_OFFSET),
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4110 + PORT_OFFSET),
  database: process.env.E2E_DATABASE ?? perCheckout("flux_e2e"),
  redisPrefix: perCheckout("flux-e2e", "-"),
  authSecret: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
};

export const WEB_URL = `http://127.0.0.1:${E2E.webPort}`;
export const SANDBOX_URL = `http://127.0.0.1:${E2E.sandboxPort}`;

export function e2eDatabaseUrl(
  base = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
): string {
  const url = new URL(base);
  url.pathname = `/${E2E.database}`;
  return url.toString();
}
