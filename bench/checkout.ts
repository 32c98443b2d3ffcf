/**
 * BENCH checkout: decision time of real checkout applications through the running stack (tRPC → outbox →
 * BullMQ worker → bureau → ZEN rules → sandbox lenders over HTTP), with the sandbox's realistic latencies,
 * the first lender in the plan timing out and the second failing with 5xx. Waterfall (METRO-KOR) and
 * all-offers (METRO-IND) side by side, plus the healthy-lenders peer (no faults) for comparison.
 *
 * Decision time = the application's decidedAt − createdAt (server timestamps). Flux's own overhead is the
 * decision time minus the outside time on the critical path: the bureau's answer, every lender call
 * (finishedAt − startedAt of each recorded attempt) and the deliberate waits the descriptor prescribes
 * (status-inquiry delays, retry backoff): summed across lenders in waterfall mode, the slowest lender's
 * chain in all-offers mode.
 */
import { backoffMs } from "../server/lending/domain/offers";
import { median, round } from "./lib/load";
import { sessionCookie } from "./lib/session";

const PHONE = "9812399001";
const APPLICANT = {
  pan: "ABCPE0490K", // the sandbox bureau scores this PAN 790
  dateOfBirth: "1990-04-12",
  monthlyIncomeRupees: 85_000,
  employmentType: "SALARIED",
  pincode: "560034",
  bureauConsent: true,
};
const PER_BATCH = 8;
const BATCHES = 2;

type Json = Record<string, unknown>;

function sandboxUrl(appUrl: string): string {
  if (process.env.SANDBOX_URL) return process.env.SANDBOX_URL;
  const port = Number(new URL(appUrl).port);
  return `http://127.0.0.1:${port + 1010}`; // the start command puts the sandbox 1010 above the web port
}

async function trpc(appUrl: string, cookie: string, path: string, input: unknown, method: "GET" | "POST") {
  const url =
    method === "GET"
      ? `${appUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
      : `${appUrl}/api/trpc/${path}`;
  const response = await fetch(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify({ json: input }) : undefined,
  });
  const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error).slice(0, 300)}`);
  return body.result.data.json as Json;
}

async function shopperCookie(appUrl: string, sandbox: string): Promise<string> {
  const before = (await (await fetch(`${sandbox}/sinks/messages?channel=sms&to=%2B91${PHONE}`)).json()) as {
    messages: { id: string }[];
  };
  await trpc(appUrl, "", "auth.requestOtp", { phone: PHONE }, "POST");
  let code: string | undefined;
  for (let i = 0; i < 50 && !code; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { messages } = (await (
      await fetch(`${sandbox}/sinks/messages?channel=sms&to=%2B91${PHONE}`)
    ).json()) as {
      messages: { id: string; body: string }[];
    };
    if (messages[0] && messages[0].id !== before.messages[0]?.id)
      code = /^(\d{6})/.exec(messages[0].body)?.[1];
  }
  if (!code) throw new Error("no one-time code arrived");
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${appUrl}/api/auth/callback/otp`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, phone: PHONE, code, json: "true" }),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .find((cookie) => cookie.includes("next-auth.session-token="));
  if (!session) throw new Error("the shopper could not sign in");
  return session;
}

async function setFaults(sandbox: string, code: string, faults: Json) {
  const response = await fetch(`${sandbox}/lenders/_admin/${code}/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`could not set faults on ${code}`);
}

interface Descriptor {
  retry: { baseDelayMs: number };
  inquiry: { delaysMs: number[] };
}

interface Attempt {
  lenderCode: string;
  kind: string;
  seq: number;
  outcome: string;
  requestId: string;
  startedAt: string;
  finishedAt: string | null;
}

interface Measured {
  totalMs: number;
  overheadMs: number;
  status: string;
}

function outsideTime(
  mode: string,
  attempts: Attempt[],
  descriptors: Map<string, Descriptor>,
  bureauMs: number,
): number {
  const chains = new Map<string, number>();
  for (const lender of new Set(attempts.map((a) => a.lenderCode))) {
    const mine = attempts.filter((a) => a.lenderCode === lender && a.kind !== "CANCEL");
    const descriptor = descriptors.get(lender);
    let total = 0;
    let inquiries = 0;
    let previous: Attempt | undefined;
    for (const attempt of mine) {
      if (attempt.finishedAt) total += Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt);
      if (descriptor && attempt.kind === "INQUIRY") total += descriptor.inquiry.delaysMs[inquiries++] ?? 0;
      if (descriptor && attempt.kind === "APPLY" && attempt.seq > 1 && previous)
        total += backoffMs(descriptor.retry.baseDelayMs, attempt.seq - 1, previous.requestId);
      previous = attempt;
    }
    chains.set(lender, total);
  }
  const values = [...chains.values()];
  const lenderMs = mode === "ALL_OFFERS" ? Math.max(0, ...values) : values.reduce((sum, v) => sum + v, 0);
  return lenderMs + bureauMs;
}

async function runBatch(
  appUrl: string,
  cookies: { merchant: string; shopper: string; admin: string },
  storeId: string,
  descriptors: Map<string, Descriptor>,
  count = PER_BATCH,
): Promise<Measured[]> {
  const started = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const qr = await trpc(
        appUrl,
        cookies.merchant,
        "lending.store.createQr",
        { storeId, amount: String(30_000 + i * 1_000), item: `Bench item ${i}` },
        "POST",
      );
      const url = new URL(String(qr.path), appUrl);
      const link = {
        storeCode: decodeURIComponent(url.pathname.split("/").pop()!),
        amount: url.searchParams.get("amount")!,
        item: url.searchParams.get("item")!,
        exp: url.searchParams.get("exp")!,
        nonce: url.searchParams.get("n")!,
        sig: url.searchParams.get("sig")!,
      };
      const result = await trpc(
        appUrl,
        cookies.shopper,
        "lending.checkout.start",
        { link, applicant: APPLICANT },
        "POST",
      );
      return String(result.applicationId);
    }),
  );
  return Promise.all(
    started.map(async (applicationId) => {
      for (;;) {
        const app = await trpc(
          appUrl,
          cookies.shopper,
          "lending.checkout.application",
          { applicationId },
          "GET",
        );
        if (!["SUBMITTED", "IN_PROGRESS"].includes(String(app.status))) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const detail = await trpc(appUrl, cookies.admin, "lending.admin.application", { applicationId }, "GET");
      const totalMs = Date.parse(String(detail.decidedAt)) - Date.parse(String(detail.createdAt));
      const outside = outsideTime(
        String(detail.mode),
        detail.attempts as Attempt[],
        descriptors,
        Number(detail.bureauLatencyMs ?? 0),
      );
      return { totalMs, overheadMs: totalMs - outside, status: String(detail.status) };
    }),
  );
}

function p(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

export default async function checkoutBench({ appUrl }: { appUrl: string; args: string[] }): Promise<string> {
  const sandbox = sandboxUrl(appUrl);
  for (let i = 0; ; i++) {
    const health = await fetch(`${sandbox}/health`).catch(() => null);
    if (health?.ok) break;
    if (i > 60) throw new Error(`no sandbox at ${sandbox} (set SANDBOX_URL)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const cookies = {
    merchant: await sessionCookie(appUrl, "store.manager@flux.local"),
    admin: await sessionCookie(appUrl, "admin@flux.local"),
    shopper: await shopperCookie(appUrl, sandbox),
  };
  const stores = (await trpc(
    appUrl,
    cookies.merchant,
    "lending.store.stores",
    undefined,
    "GET",
  )) as unknown as {
    id: string;
    code: string;
  }[];
  const waterfallStore = stores.find((s) => s.code === "METRO-KOR")!.id;
  const allOffersStore = stores.find((s) => s.code === "METRO-IND")!.id;
  const lenders = (await trpc(
    appUrl,
    cookies.admin,
    "lending.admin.lenders",
    undefined,
    "GET",
  )) as unknown as {
    lenders: { code: string; descriptor: Descriptor & Json }[];
  };
  const descriptors = new Map(
    lenders.lenders.map((l) => [
      l.code,
      {
        retry: {
          baseDelayMs: (l.descriptor.retry as { baseDelayMs?: number } | undefined)?.baseDelayMs ?? 250,
        },
        inquiry: {
          delaysMs: (l.descriptor.inquiry as { delaysMs?: number[] } | undefined)?.delaysMs ?? [
            1_000, 2_000, 4_000,
          ],
        },
      },
    ]),
  );

  // The plan order for this applicant (the first lender will time out, the second fail).
  await runBatch(appUrl, cookies, waterfallStore, descriptors, 1);
  const recent = (await trpc(
    appUrl,
    cookies.admin,
    "lending.admin.applications",
    { page: 1, pageSize: 5 },
    "GET",
  )) as unknown as {
    rows: { id: string }[];
  };
  const sample = await trpc(
    appUrl,
    cookies.admin,
    "lending.admin.application",
    { applicationId: recent.rows[0]!.id },
    "GET",
  );
  const order = ((sample.selection as { lenders: { lenderCode: string }[] }).lenders ?? []).map(
    (l) => l.lenderCode,
  );
  const [timingOut, failing] = order;
  if (!timingOut || !failing) throw new Error("the applicant needs at least two eligible lenders");

  const realistic: Record<string, { medianMs: number; p95Ms: number }> = {
    kite: { medianMs: 900, p95Ms: 2_500 },
    orbit: { medianMs: 1_200, p95Ms: 3_500 },
    sahyog: { medianMs: 1_800, p95Ms: 5_000 },
    vista: { medianMs: 700, p95Ms: 2_000 },
  };
  const arrange = async (faulty: boolean) => {
    for (const code of order)
      await setFaults(sandbox, code, {
        mode: faulty && code === timingOut ? "timeout" : faulty && code === failing ? "error5xx" : "none",
        rate: 1,
        hangMs: 120_000,
        latency: realistic[code] ?? { medianMs: 1_000, p95Ms: 3_000 },
      });
    await new Promise((resolve) => setTimeout(resolve, 200));
  };

  const results = {
    waterfall: [] as Measured[],
    allOffers: [] as Measured[],
    healthy: [] as Measured[],
    single: [] as Measured[],
  };
  try {
    // Alternate the runs so drift affects each the same.
    for (let batch = 0; batch < BATCHES; batch++) {
      await arrange(true);
      results.waterfall.push(...(await runBatch(appUrl, cookies, waterfallStore, descriptors)));
      results.allOffers.push(...(await runBatch(appUrl, cookies, allOffersStore, descriptors)));
      await arrange(false);
      results.healthy.push(...(await runBatch(appUrl, cookies, waterfallStore, descriptors)));
    }
    // Flux's overhead for one application at a time (the batches above run 8 at once on this machine).
    await arrange(true);
    for (let i = 0; i < 6; i++)
      results.single.push(
        ...(await runBatch(appUrl, cookies, i % 2 ? allOffersStore : waterfallStore, descriptors, 1)),
      );
  } finally {
    for (const code of order) await setFaults(sandbox, code, { mode: "none", latency: null });
  }

  const seconds = (ms: number) => round(ms / 1000, 2);
  const report = (label: string, runs: Measured[]) => {
    const totals = runs.map((r) => r.totalMs);
    const overheads = runs.map((r) => r.overheadMs);
    const decided = runs.filter((r) => r.status === "OFFERED").length;
    console.log(
      `${label.padEnd(26)} n=${runs.length} offered=${decided} p50=${seconds(p(totals, 0.5))}s p95=${seconds(p(totals, 0.95))}s ` +
        `overhead median=${Math.round(median(overheads))}ms p95=${Math.round(p(overheads, 0.95))}ms`,
    );
  };
  console.log(`plan order ${order.join(" → ")}; ${timingOut} times out, ${failing} answers 5xx`);
  report("waterfall (faults)", results.waterfall);
  report("all-offers (faults)", results.allOffers);
  report("waterfall healthy (peer)", results.healthy);
  report("one at a time (faults)", results.single);

  const faulty = [...results.waterfall, ...results.allOffers];
  const p95 = p(
    faulty.map((r) => r.totalMs),
    0.95,
  );
  const overhead = median(results.single.map((r) => r.overheadMs));
  const loadedOverhead = median(faulty.map((r) => r.overheadMs));
  const healthyP95 = p(
    results.healthy.map((r) => r.totalMs),
    0.95,
  );
  return (
    `BENCH checkout p95_s=${seconds(p95)} overhead_ms=${Math.round(overhead)} ` +
    `waterfall_p50_s=${seconds(
      p(
        results.waterfall.map((r) => r.totalMs),
        0.5,
      ),
    )} ` +
    `waterfall_p95_s=${seconds(
      p(
        results.waterfall.map((r) => r.totalMs),
        0.95,
      ),
    )} ` +
    `all_offers_p50_s=${seconds(
      p(
        results.allOffers.map((r) => r.totalMs),
        0.5,
      ),
    )} ` +
    `all_offers_p95_s=${seconds(
      p(
        results.allOffers.map((r) => r.totalMs),
        0.95,
      ),
    )} ` +
    `overhead_loaded_ms=${Math.round(loadedOverhead)} ` +
    `healthy_p95_s=${seconds(healthyP95)} fault_ratio=${round(p95 / Math.max(1, healthyP95), 2)}`
  );
}
