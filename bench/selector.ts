/**
 * BENCH selector: the lender selector in process on the real decision model (the stack's published rule
 * version), one core (taskset -c 0, UV_THREADPOOL_SIZE=1), one evaluation at a time, versus
 * json-rules-engine evaluating the same tables translated row by row (checked to decide identically in
 * bench/lib/json-rules-peer.test.ts). Alternates 3 rounds per engine; reports medians.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { baselineDecisionModel } from "@/server/lending/rules/domain/baseline-model";
import { createDb } from "@/server/platform/db/client";
import { median, round } from "./lib/load";
import { stackDatabaseUrl } from "./lib/stack-env";

async function publishedModel(): Promise<{ content: unknown; version: number }> {
  const db = createDb(await stackDatabaseUrl(), { max: 1 });
  try {
    const row = await db.lendingRuleVersion.findFirst({
      where: { status: "PUBLISHED" },
      orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
      select: { content: true, version: true },
    });
    return row ?? { content: baselineDecisionModel(), version: 0 };
  } catch {
    return { content: baselineDecisionModel(), version: 0 };
  } finally {
    await db.$disconnect();
  }
}

export default async function selectorBench({ args }: { appUrl: string; args: string[] }): Promise<string> {
  const { content, version } = await publishedModel();
  const file = path.join(mkdtempSync(path.join(tmpdir(), "flux-selector-")), "model.json");
  writeFileSync(file, JSON.stringify(content));
  const seconds = args[0] ?? "3";
  const child = spawn(
    "taskset",
    [
      "-c",
      "0",
      process.execPath,
      "--import",
      "tsx",
      "bench/lib/selector-worker.ts",
      file,
      String(version),
      seconds,
    ],
    {
      env: { ...process.env, UV_THREADPOOL_SIZE: "1", LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`selector worker exited with ${code}`);
  const rounds = output
    .trim()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as {
          engine: string;
          evalsPerS: number;
          p50Ms: number;
          p99Ms: number;
          count: number;
        },
    );
  for (const r of rounds)
    console.log(
      `${r.engine.padEnd(18)} evals/s=${round(r.evalsPerS, 0)} p50=${round(r.p50Ms, 3)}ms p99=${round(r.p99Ms, 3)}ms n=${r.count}`,
    );
  const of = (engine: string) => rounds.filter((r) => r.engine === engine);
  const zen = of("zen");
  const traced = of("zen+trace");
  const peer = of("json-rules-engine");
  const zenRate = median(zen.map((r) => r.evalsPerS));
  const peerRate = median(peer.map((r) => r.evalsPerS));
  console.log(
    `model: rules v${version} (${version ? "published" : "baseline, no stack database"}); with trace (what selectLenders records): evals/s=${round(median(traced.map((r) => r.evalsPerS)), 0)} p99=${round(median(traced.map((r) => r.p99Ms)), 3)}ms; peer p99=${round(median(peer.map((r) => r.p99Ms)), 3)}ms`,
  );
  return `BENCH selector evals_per_s=${round(zenRate, 0)} p99_ms=${round(median(zen.map((r) => r.p99Ms)), 3)} peer_ratio=${round(zenRate / peerRate, 2)} peer_evals_per_s=${round(peerRate, 0)} traced_evals_per_s=${round(median(traced.map((r) => r.evalsPerS)), 0)} cores=1`;
}
