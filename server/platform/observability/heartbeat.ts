/** Worker liveness: each workers process refreshes a Redis key with a TTL; health counts the live ones. */
import { hostname } from "node:os";
import type { Redis } from "ioredis";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TTL_SECONDS = 20;

export interface WorkerHeartbeat {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  beatAt: string;
  queues: string[];
}

function heartbeatKey(prefix: string, id: string): string {
  return `${prefix}:workers:heartbeat:${id}`;
}

export function startHeartbeat(
  redis: Redis,
  prefix: string,
  queues: string[],
): { id: string; stop(): Promise<void> } {
  const id = `${hostname()}-${process.pid}`;
  const startedAt = new Date().toISOString();
  const beat = () => {
    const payload: WorkerHeartbeat = {
      id,
      host: hostname(),
      pid: process.pid,
      startedAt,
      beatAt: new Date().toISOString(),
      queues,
    };
    redis
      .set(heartbeatKey(prefix, id), JSON.stringify(payload), "EX", HEARTBEAT_TTL_SECONDS)
      .catch(() => undefined);
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  return {
    id,
    async stop() {
      clearInterval(timer);
      await redis.del(heartbeatKey(prefix, id)).catch(() => undefined);
    },
  };
}

export async function liveWorkers(redis: Redis, prefix: string): Promise<WorkerHeartbeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", heartbeatKey(prefix, "*"), "COUNT", 100);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  return values
    .filter((value): value is string => value !== null)
    .map((value) => JSON.parse(value) as WorkerHeartbeat);
}
