/**
 * Job durations and outcomes, recorded by the workers process into Redis so that the web process's
 * /api/metrics can expose them (the workers have no HTTP port). A Prometheus-style cumulative histogram
 * per (queue, job name) in one Redis hash.
 */
import type { Redis } from "ioredis";

export const JOB_DURATION_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
];

export function jobMetricsKey(prefix: string): string {
  return `${prefix}:metrics:jobs`;
}

export async function recordJobOutcome(
  redis: Redis,
  prefix: string,
  sample: { queue: string; name: string; durationMs: number; outcome: "completed" | "failed" },
): Promise<void> {
  const key = jobMetricsKey(prefix);
  const id = `${sample.queue}|${sample.name}`;
  const multi = redis.multi();
  multi.hincrby(key, `${id}|${sample.outcome}`, 1);
  multi.hincrbyfloat(key, `${id}|sum_ms`, sample.durationMs);
  for (const bucket of JOB_DURATION_BUCKETS_MS) {
    if (sample.durationMs <= bucket) multi.hincrby(key, `${id}|le_${bucket}`, 1);
  }
  multi.hincrby(key, `${id}|le_inf`, 1);
  await multi.exec();
}

export interface JobMetricSeries {
  queue: string;
  name: string;
  completed: number;
  failed: number;
  sumMs: number;
  buckets: { le: string; count: number }[];
}

export async function readJobMetrics(redis: Redis, prefix: string): Promise<JobMetricSeries[]> {
  const raw = await redis.hgetall(jobMetricsKey(prefix));
  const series = new Map<string, JobMetricSeries>();
  for (const [field, value] of Object.entries(raw)) {
    const [queue, name, metric] = field.split("|");
    if (!queue || !name || !metric) continue;
    const id = `${queue}|${name}`;
    const entry = series.get(id) ?? { queue, name, completed: 0, failed: 0, sumMs: 0, buckets: [] };
    const number = Number(value);
    if (metric === "completed") entry.completed = number;
    else if (metric === "failed") entry.failed = number;
    else if (metric === "sum_ms") entry.sumMs = number;
    else if (metric.startsWith("le_")) entry.buckets.push({ le: metric.slice(3), count: number });
    series.set(id, entry);
  }
  for (const entry of series.values()) {
    entry.buckets.sort((a, b) => (a.le === "inf" ? 1 : b.le === "inf" ? -1 : Number(a.le) - Number(b.le)));
  }
  return [...series.values()];
}
