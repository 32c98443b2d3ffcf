/**
 * Runs the whole Flux stack: PostgreSQL and Redis (found or embedded), migrations, demo seed, a
 * production build of the web app when sources changed, then web + workers + sandbox as child processes.
 * Ctrl-C (or SIGTERM) stops every child and every embedded service it started.
 *
 *   npm start            production build, next start
 *   npm run dev          next dev (hot reload)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { applyMigrations, ensureDatabase } from "../server/platform/db/migrate";
import { PORT_OFFSET, perCheckout } from "../test/stack-id";
import { resolvePostgres, resolveRedis, type Service } from "./services";

const started = Date.now();
const dev = process.argv.includes("--dev");
const root = process.cwd();
const dataDir = path.join(root, ".data");
mkdirSync(dataDir, { recursive: true });

const COLORS = { stack: 35, web: 36, workers: 33, sandbox: 32 } as const;
function log(source: keyof typeof COLORS, line: string) {
  const tag = process.stdout.isTTY ? `\x1b[${COLORS[source]}m${source.padEnd(7)}\x1b[0m` : source.padEnd(7);
  process.stdout.write(`${tag} │ ${line}\n`);
}
const say = (line: string) => log("stack", line);

function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const roots = [
    "app",
    "components",
    "lib",
    "server",
    "public",
    "proxy.ts",
    "next.config.ts",
    "package-lock.json",
    "postcss.config.mjs",
    "tsconfig.json",
  ];
  const walk = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const child of readdirSync(entry).sort()) if (child !== "generated") walk(path.join(entry, child));
    } else {
      hash.update(entry).update(readFileSync(entry));
    }
  };
  for (const entry of roots) walk(entry);
  return hash.digest("hex");
}

const services: Service[] = [];
const children = new Map<string, ChildProcess>();
let stopping = false;

async function stopAll(code: number): Promise<never> {
  // A second signal (Ctrl-C reaches both this process and npm's) must not cut the orderly stop short.
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  say("stopping…");
  const exits = [...children.entries()].map(
    ([name, child]) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          say(`${name} did not stop in 15 s: killing it`);
          child.kill("SIGKILL");
        }, 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  );
  await Promise.all(exits);
  for (const service of services.reverse()) await service.stop().catch(() => undefined);
  say("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function startChild(name: "web" | "workers" | "sandbox", args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  children.set(name, child);
  const forward = (stream: NodeJS.ReadableStream) => {
    let buffer = "";
    stream.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) log(name, line);
    });
  };
  forward(child.stdout!);
  forward(child.stderr!);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${code ?? signal}); stopping the stack`);
    void stopAll(code || 1);
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

try {
  const postgres = await resolvePostgres({
    dataDir,
    database: process.env.FLUX_DATABASE ?? perCheckout("flux"),
    log: say,
  });
  services.push(postgres);
  const redis = await resolveRedis({ dataDir, log: say });
  services.push(redis);
  say(`PostgreSQL: ${postgres.source} (${postgres.url.replace(/:[^:@/]+@/, ":•••@")})`);
  say(`Redis: ${redis.source} (${redis.url})`);

  if (await ensureDatabase(postgres.url)) say("created the database");
  const migrations = await applyMigrations(postgres.url, undefined, (line) => say(line));
  say(`migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied} already in place`);

  const port = Number(process.env.PORT ?? 3000 + PORT_OFFSET);
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010 + PORT_OFFSET);
  const appUrl = process.env.APP_URL ?? `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? perCheckout("flux", "-"),
    AUTH_SECRET: authSecret(),
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    SANDBOX_URL: process.env.SANDBOX_URL ?? `http://127.0.0.1:${sandboxPort}`,
    SANDBOX_PORT: String(sandboxPort),
    ALLOW_TIME_TRAVEL: process.env.ALLOW_TIME_TRAVEL ?? "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  Object.assign(process.env, { DATABASE_URL: postgres.url, REDIS_URL: redis.url });
  const { createDb } = await import("../server/platform/db/client");
  const { seedDemoData } = await import("../prisma/seed/demo-data");
  const db = createDb(postgres.url, { max: 2 });
  await seedDemoData(db, (line) => say(line));
  await db.$disconnect();

  if (!dev) {
    const stamp = path.join(dataDir, "build.stamp");
    const hash = sourceHash();
    if (!existsSync(".next/BUILD_ID") || !existsSync(stamp) || readFileSync(stamp, "utf8") !== hash) {
      say("building the web app (next build)…");
      const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
        stdio: "inherit",
        env: { ...env, NODE_ENV: "production" },
      });
      if (build.status !== 0) throw new Error("next build failed");
      writeFileSync(stamp, hash);
    } else {
      say("web app build is up to date");
    }
  }

  const tsx = ["--import", "tsx"];
  startChild("sandbox", [...tsx, "sandbox/main.ts"], env);
  startChild("workers", [...tsx, "workers/main.ts"], env);
  const next = "node_modules/next/dist/bin/next";
  startChild(
    "web",
    dev
      ? [next, "dev", "-H", "127.0.0.1", "-p", String(port)]
      : [next, "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      ...env,
      NODE_ENV: dev ? "development" : "production",
    },
  );

  if (await waitForHttp(`${appUrl}/api/health`, 120_000)) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(`✔ Flux is running at ${appUrl} (ready in ${seconds} s)`);
    say(
      "  sign in as admin@flux.local / Flux-demo-2026 (README lists every persona); Ctrl-C stops everything",
    );
  } else {
    say("✖ the web app did not answer within 2 minutes; see its log lines above");
  }
} catch (error) {
  say(`✖ ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
