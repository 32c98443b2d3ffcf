import { defineConfig, devices } from "@playwright/test";
import { E2E, e2eDatabaseUrl, SANDBOX_URL, WEB_URL } from "./e2e/env";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const stackEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: e2eDatabaseUrl(),
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  REDIS_PREFIX: E2E.redisPrefix,
  AUTH_SECRET: E2E.authSecret,
  APP_URL: WEB_URL,
  NEXTAUTH_URL: WEB_URL,
  SANDBOX_URL,
  SANDBOX_PORT: String(E2E.sandboxPort),
  ALLOW_TIME_TRAVEL: "true",
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
} as Record<string, string>;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]]
    : [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: WEB_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    serviceWorkers: "block",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined }, testIgnore: /checkout\// },
    { name: "phone", use: { ...devices["Pixel 7"], channel: undefined }, testMatch: /checkout\// },
  ],
  webServer: [
    {
      command: "node --import tsx sandbox/main.ts",
      url: `${SANDBOX_URL}/health`,
      env: stackEnv,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: "node --import tsx workers/main.ts",
      wait: { stdout: /workers ready/ },
      env: stackEnv,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      command: `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${E2E.webPort}`,
      url: `${WEB_URL}/api/health`,
      env: stackEnv,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
