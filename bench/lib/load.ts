/** Load generation (autocannon) and the statistics every benchmark reports: medians of alternated runs. */
import autocannon from "autocannon";

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(options: {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** POST bodies (e.g. tRPC mutations); GET when absent. */
  method?: "GET" | "POST";
  body?: string;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    method: options.method ?? "GET",
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
