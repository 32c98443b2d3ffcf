/**
 * Runs inside `taskset -c 0` with UV_THREADPOOL_SIZE=1 (one core for everything, ZEN's native threads
 * included): alternates timed rounds of the production selector path (evaluateCompiled: ZEN evaluate +
 * result interpretation) and the json-rules-engine peer on the same rules and applicants, one evaluation
 * at a time, and prints one JSON line per round.
 */
import { readFileSync } from "node:fs";
import { ZenEngine } from "@gorules/zen-engine";
import type { LenderSelectionFacts } from "@/server/lending/rules/domain/facts";
import { type DecisionModel, factFieldsUsed, lendersInModel } from "@/server/lending/rules/domain/jdm";
import type { CompiledVersion } from "@/server/lending/rules/runtime";
import { evaluateCompiled } from "@/server/lending/rules/selector";
import { applicants } from "./applicants";
import { buildPeerEngine } from "./json-rules-peer";

const model = JSON.parse(readFileSync(process.argv[2] as string, "utf8")) as DecisionModel;
const version = Number(process.argv[3] ?? 0);
const roundSeconds = Number(process.argv[4] ?? 3);
const lenders = lendersInModel(model);
const compiled: CompiledVersion = {
  id: "bench",
  version,
  status: "PUBLISHED",
  contentHash: "bench",
  model,
  decision: new ZenEngine().createDecision(model as unknown as object),
  lenders,
  fields: factFieldsUsed(model),
};
const peer = buildPeerEngine(model, lenders);
const sample = applicants(5000);

type Evaluate = (facts: LenderSelectionFacts) => Promise<unknown>;
const engines: Record<string, Evaluate> = {
  zen: (facts) => evaluateCompiled(compiled, facts, { trace: false }),
  "zen+trace": (facts) => evaluateCompiled(compiled, facts, { trace: true }),
  "json-rules-engine": (facts) => peer.evaluate(facts),
};

async function round(name: string, seconds: number) {
  const evaluate = engines[name] as Evaluate;
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  let index = 0;
  while (performance.now() < until) {
    const facts = sample[index++ % sample.length] as LenderSelectionFacts;
    const t0 = performance.now();
    await evaluate(facts);
    latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return {
    engine: name,
    evalsPerS: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    count: latencies.length,
  };
}

for (const name of Object.keys(engines)) await round(name, 1.5); // warm-up (JIT, engine caches)
for (let r = 0; r < 3; r++) {
  for (const name of Object.keys(engines))
    console.log(JSON.stringify({ round: r, ...(await round(name, roundSeconds)) }));
}
