/** System health: database, Redis and workers, each with latency or detail. */
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { liveWorkers, type WorkerHeartbeat } from "./heartbeat";

export interface ComponentHealth {
  status: "up" | "down";
  latencyMs?: number;
  error?: string;
}

export interface SystemHealth {
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  database: ComponentHealth;
  redis: ComponentHealth;
  workers: ComponentHealth & { live: WorkerHeartbeat[] };
}

async function timed(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "up", latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { status: "down", error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(deps: {
  db: Db;
  redis: Redis;
  redisPrefix: string;
}): Promise<SystemHealth> {
  let live: WorkerHeartbeat[] = [];
  const [database, redisHealth] = await Promise.all([
    timed(() => deps.db.$queryRawUnsafe("SELECT 1")),
    timed(() => deps.redis.ping()),
  ]);
  let workers: ComponentHealth = { status: "down", error: "Redis is down: worker heartbeats unknown" };
  if (redisHealth.status === "up") {
    workers = await timed(async () => {
      live = await liveWorkers(deps.redis, deps.redisPrefix);
      if (live.length === 0) throw new Error("no workers process has reported in the last 20 s");
    });
  }
  const status =
    database.status === "down"
      ? "down"
      : redisHealth.status === "down" || workers.status === "down"
        ? "degraded"
        : "ok";
  return {
    status,
    checkedAt: new Date().toISOString(),
    database,
    redis: redisHealth,
    workers: { ...workers, live },
  };
}
