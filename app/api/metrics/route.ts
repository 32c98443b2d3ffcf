// funds (issue 5): NAV fetch age and NAV-date lag per scheme class
import { freshnessMetrics } from "@/server/funds/freshness.service";
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
  const funds = await freshnessMetrics(deps).catch(() => "# funds freshness unavailable: database is down");
  return new Response(`${body}${funds}\n`, {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
