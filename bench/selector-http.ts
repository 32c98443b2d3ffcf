/**
 * BENCH selector-http: the try-it evaluation as a guarded tRPC mutation through Next
 * (lendingRules.evaluate: session, actor, permission, zod, derive facts, ZEN on the published rules,
 * superjson) versus a bare node:http server doing the same evaluation. First finds the highest
 * concurrency at which Flux's p99 stays within 25 ms, then alternates (flux, bare) ×3 at that concurrency
 * and reports medians.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { type LoadResult, load, median, round } from "./lib/load";
import { sessionCookie } from "./lib/session";
import { stackAuthSecret, stackDatabaseUrl } from "./lib/stack-env";

const P99_BUDGET_MS = 25;

export default async function selectorHttpBench({
  appUrl,
}: {
  appUrl: string;
  args: string[];
}): Promise<string> {
  const cookie = await sessionCookie(appUrl, "admin@flux.local");
  const input = {
    dateOfBirth: "1994-07-15",
    bureauScore: 742,
    monthlyIncomeRupees: 60000,
    employmentType: "SALARIED",
    pincode: "560034",
    ticketRupees: 50000,
    merchantCategory: "ELECTRONICS",
    trace: false,
  };
  const body = JSON.stringify({ json: input });
  const headers = { cookie, "content-type": "application/json" };
  const fluxUrl = `${appUrl}/api/trpc/lendingRules.evaluate`;
  const check = await fetch(fluxUrl, { method: "POST", headers, body });
  if (check.status !== 200)
    throw new Error(`the tRPC mutation answered ${check.status}: ${await check.text()}`);
  const checked = (await check.json()) as { result: { data: { json: { lenders: unknown[] } } } };
  if (!checked.result.data.json.lenders.length) throw new Error("the evaluation selected no lender");

  const bare = spawn(process.execPath, ["--import", "tsx", "bench/bare-selector-http-server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: await stackDatabaseUrl(),
      AUTH_SECRET: await stackAuthSecret(),
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [chunk] = (await once(bare.stdout!, "data")) as [Buffer];
    const bareUrl = `http://127.0.0.1:${Number(/listening (\d+)/.exec(chunk.toString())?.[1])}/`;
    const bareCheck = await fetch(bareUrl, { method: "POST", headers, body });
    if (bareCheck.status !== 200) throw new Error(`the bare server answered ${bareCheck.status}`);

    const run = (url: string, connections: number, durationSeconds: number) =>
      load({ url, method: "POST", body, headers, connections, durationSeconds });
    await run(fluxUrl, 8, 3); // warm both
    await run(bareUrl, 8, 3);

    // The concurrency with the best throughput among those whose p99 stays within budget (if none does,
    // the one with the lowest p99, reported as it is).
    let chosen = 1;
    let best = 0;
    let lowestP99 = Number.POSITIVE_INFINITY;
    let fallback = 1;
    for (const connections of [1, 2, 4, 8, 16, 32]) {
      let probe = await run(fluxUrl, connections, 4);
      // A single 4 s window on a shared 2-core box can catch a neighbour's spike: over budget, look twice.
      if (probe.p99Ms > P99_BUDGET_MS) {
        const again = await run(fluxUrl, connections, 4);
        if (again.p99Ms < probe.p99Ms) probe = again;
      }
      const within = probe.p99Ms <= P99_BUDGET_MS && probe.errors + probe.non2xx === 0;
      console.log(
        `probe flux c=${String(connections).padStart(2)} rps=${round(probe.rps, 0)} p50=${probe.p50Ms}ms p99=${probe.p99Ms}ms${within ? "" : " (over budget)"}`,
      );
      if (within && probe.rps > best) {
        best = probe.rps;
        chosen = connections;
      }
      if (probe.p99Ms < lowestP99) {
        lowestP99 = probe.p99Ms;
        fallback = connections;
      }
    }
    if (best === 0) {
      chosen = fallback;
      console.log(`no concurrency kept p99 within ${P99_BUDGET_MS} ms; measuring at c=${chosen}`);
    }

    const flux: LoadResult[] = [];
    const peer: LoadResult[] = [];
    for (let r = 0; r < 3; r++) {
      flux.push(await run(fluxUrl, chosen, 6));
      peer.push(await run(bareUrl, chosen, 6));
    }
    for (const [label, runs] of [
      ["flux (Next + tRPC)", flux],
      ["bare node:http", peer],
    ] as const)
      for (const r of runs)
        console.log(
          `${label.padEnd(20)} c=${chosen} rps=${round(r.rps, 0)} p50=${r.p50Ms}ms p99=${r.p99Ms}ms errors=${r.errors} non2xx=${r.non2xx}`,
        );
    const failed = [...flux, ...peer].reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    if (failed) console.log(`warning: ${failed} failed requests during the runs`);
    const fluxRps = median(flux.map((r) => r.rps));
    const bareRps = median(peer.map((r) => r.rps));
    return `BENCH selector-http rps=${round(fluxRps, 0)} p99_ms=${round(median(flux.map((r) => r.p99Ms)), 1)} bare_ratio=${round(fluxRps / bareRps, 3)} bare_rps=${round(bareRps, 0)} bare_p99_ms=${round(median(peer.map((r) => r.p99Ms)), 1)} connections=${chosen}`;
  } finally {
    bare.kill("SIGTERM");
  }
}
