import { appDeps } from "@/server/platform/deps";
import { renderMetrics } from "@/server/platform/observability/metrics";

export const dynamic = "force-dynamic";

/** Prometheus exposition: HTTP latency, queue depths, job durations and failures, outbox lag. */
export async function GET() {
  const deps = appDeps();
  const body = await renderMetrics({
    db: deps.db,
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    queues: deps.queues,
  });
  return new Response(body, {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
