/** The e2e stack's addresses and settings: shared by playwright.config.ts, scripts/e2e.ts and the specs. */
export const E2E = {
  webPort: Number(process.env.E2E_WEB_PORT ?? 3100),
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4110),
  database: process.env.E2E_DATABASE ?? "flux_e2e",
  redisPrefix: "flux-e2e",
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
