/**
 * Prometheus metrics for the web process. HTTP latency is observed here; queue depths, outbox lag and
 * job metrics (recorded by the workers into Redis) are collected at scrape time.
 */
import type { Redis } from "ioredis";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { Db } from "../db/client";
import { outboxLagSeconds } from "../outbox/outbox-relay";
import type { QueueRegistry } from "../queues/queues";
import { readJobMetrics } from "./job-metrics";

interface MetricsState {
  registry: Registry;
  httpDuration: Histogram<"route" | "method" | "status">;
}

const globalForMetrics = globalThis as unknown as { fluxMetrics?: MetricsState };

function state(): MetricsState {
  if (!globalForMetrics.fluxMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "flux_" });
    const httpDuration = new Histogram({
      name: "flux_http_request_duration_seconds",
      help: "HTTP request latency by route",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    globalForMetrics.fluxMetrics = { registry, httpDuration };
  }
  return globalForMetrics.fluxMetrics;
}

export function observeHttp(route: string, method: string, status: number, seconds: number): void {
  state().httpDuration.observe({ route, method, status: String(status) }, seconds);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export async function renderMetrics(deps: {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  queues: QueueRegistry;
}): Promise<string> {
  const lines: string[] = [await state().registry.metrics()];

  const queueLines = ["# HELP flux_queue_jobs Jobs per queue and state", "# TYPE flux_queue_jobs gauge"];
  try {
    for (const queue of deps.queues.all()) {
      const counts = await queue.getJobCounts(
        "waiting",
        "active",
        "delayed",
        "failed",
        "completed",
        "prioritized",
      );
      for (const [stateName, count] of Object.entries(counts)) {
        queueLines.push(`flux_queue_jobs{queue="${escapeLabel(queue.name)}",state="${stateName}"} ${count}`);
      }
    }
    lines.push(queueLines.join("\n"));
  } catch {
    lines.push("# queue depths unavailable: Redis is down");
  }

  try {
    const { lagSeconds, pending } = await outboxLagSeconds(deps.db);
    lines.push(
      [
        "# HELP flux_outbox_lag_seconds Age of the oldest outbox row not yet on its queue",
        "# TYPE flux_outbox_lag_seconds gauge",
        `flux_outbox_lag_seconds ${lagSeconds}`,
        "# HELP flux_outbox_pending Outbox rows not yet on their queue",
        "# TYPE flux_outbox_pending gauge",
        `flux_outbox_pending ${pending}`,
      ].join("\n"),
    );
  } catch {
    lines.push("# outbox lag unavailable: database is down");
  }

  try {
    const series = await readJobMetrics(deps.redis, deps.redisPrefix);
    const out = [
      "# HELP flux_job_duration_ms Job processing time in the workers",
      "# TYPE flux_job_duration_ms histogram",
    ];
    const outcomes = ["# HELP flux_jobs_total Jobs processed by outcome", "# TYPE flux_jobs_total counter"];
    for (const entry of series) {
      const labels = `queue="${escapeLabel(entry.queue)}",name="${escapeLabel(entry.name)}"`;
      for (const bucket of entry.buckets) {
        out.push(
          `flux_job_duration_ms_bucket{${labels},le="${bucket.le === "inf" ? "+Inf" : bucket.le}"} ${bucket.count}`,
        );
      }
      out.push(`flux_job_duration_ms_sum{${labels}} ${entry.sumMs}`);
      out.push(`flux_job_duration_ms_count{${labels}} ${entry.completed + entry.failed}`);
      outcomes.push(`flux_jobs_total{${labels},outcome="completed"} ${entry.completed}`);
      outcomes.push(`flux_jobs_total{${labels},outcome="failed"} ${entry.failed}`);
    }
    lines.push(out.join("\n"), outcomes.join("\n"));
  } catch {
    lines.push("# job metrics unavailable: Redis is down");
  }
  return `${lines.join("\n")}\n`;
}
