/**
 * BENCH http: an authenticated tRPC query through Next (dashboard.investor: session JWT, actor from the
 * database, one profile read) versus a bare node:http server doing the same work on the same box.
 * Runs alternate (flux, bare) ×3 and reports medians: rps and p99 of Flux, and Flux/bare throughput.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { load, median, round } from "./lib/load";
import { sessionCookie } from "./lib/session";
import { stackAuthSecret, stackDatabaseUrl } from "./lib/stack-env";

export default async function httpBench({ appUrl }: { appUrl: string; args: string[] }): Promise<string> {
  const cookie = await sessionCookie(appUrl, "investor@flux.local");
  const input = encodeURIComponent(JSON.stringify({ json: null }));
  const fluxUrl = `${appUrl}/api/trpc/dashboard.investor?input=${input}`;
  const check = await fetch(fluxUrl, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`the tRPC query answered ${check.status}`);

  const databaseUrl = await stackDatabaseUrl();
  const secret = await stackAuthSecret();
  const bare = spawn(process.execPath, ["--import", "tsx", "bench/bare-http-server.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(bare.stdout!, "data")) as [Buffer];
  const port = Number(/listening (\d+)/.exec(chunk.toString())?.[1]);
  const bareUrl = `http://127.0.0.1:${port}/`;
  const bareCheck = await fetch(bareUrl, { headers: { cookie } });
  if (bareCheck.status !== 200) throw new Error(`the bare server answered ${bareCheck.status}`);

  const settings = { connections: 16, durationSeconds: 8, headers: { cookie } };
  await load({ ...settings, url: fluxUrl, durationSeconds: 3 }); // warm both
  await load({ ...settings, url: bareUrl, durationSeconds: 3 });
  const flux: Awaited<ReturnType<typeof load>>[] = [];
  const peer: Awaited<ReturnType<typeof load>>[] = [];
  for (let round = 0; round < 3; round++) {
    flux.push(await load({ ...settings, url: fluxUrl }));
    peer.push(await load({ ...settings, url: bareUrl }));
  }
  bare.kill("SIGTERM");
  for (const [label, runs] of [
    ["flux (Next + tRPC)", flux],
    ["bare node:http", peer],
  ] as const) {
    for (const run of runs) {
      console.log(
        `${label.padEnd(20)} rps=${round(run.rps, 0)} p50=${run.p50Ms}ms p99=${run.p99Ms}ms errors=${run.errors} non2xx=${run.non2xx}`,
      );
    }
  }
  const errors = [...flux, ...peer].reduce((sum, run) => sum + run.errors + run.non2xx, 0);
  if (errors > 0) console.log(`warning: ${errors} failed requests during the runs`);
  const fluxRps = median(flux.map((run) => run.rps));
  const bareRps = median(peer.map((run) => run.rps));
  return `BENCH http rps=${round(fluxRps, 0)} p99_ms=${round(median(flux.map((run) => run.p99Ms)), 1)} bare_ratio=${round(fluxRps / bareRps, 3)} bare_rps=${round(bareRps, 0)} bare_p99_ms=${round(median(peer.map((run) => run.p99Ms)), 1)} connections=16`;
}
