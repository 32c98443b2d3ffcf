import { appDeps } from "@/server/platform/deps";
import { checkHealth } from "@/server/platform/observability/health";
import { observeHttp } from "@/server/platform/observability/metrics";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 when the web process can serve (ok or degraded), 503 when the database is down. */
export async function GET() {
  const started = performance.now();
  const deps = appDeps();
  const health = await checkHealth({ db: deps.db, redis: deps.redis, redisPrefix: deps.redisPrefix });
  const status = health.status === "down" ? 503 : 200;
  observeHttp("/api/health", "GET", status, (performance.now() - started) / 1000);
  return Response.json(health, { status, headers: { "cache-control": "no-store" } });
}
