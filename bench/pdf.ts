/**
 * BENCH pdf: the 11-page loan agreement rendered in Chromium with the warm browser pool the documents
 * worker uses (2 browsers, recycled every 50 renders) versus launching a browser per document, both at the
 * worker's concurrency (2), alternated ×3, medians of p50/p95. p50_s/p95_s/pool_ratio are render times
 * (HTML to PDF); doc_p50_s/doc_ratio the whole document (render + watermark + PAdES signature). Then
 * 500 renders through the pool: resident memory of this process and its Chromium processes after
 * warm-up and at the end.
 */
import { readdirSync, readFileSync } from "node:fs";
import { agreementHtml } from "@/server/loans/documents/agreement-html";
import { PdfPool, renderWithFreshBrowser } from "@/server/loans/documents/pdf-pool";
import { watermarkAndSign } from "@/server/loans/documents/signing";
import { kfsFromJson } from "@/server/loans/domain/kfs";
import { demoAcceptedOffer } from "@/server/loans/offer-fixture";
import { median, round } from "./lib/load";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** RSS (KiB) of this process and every process descended from it (the Chromium trees). */
function treeRssKb(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(entry), ppid);
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  for (const [pid, kb] of rss) {
    let cursor: number | undefined = pid;
    while (cursor && cursor !== process.pid && cursor !== 1) cursor = parent.get(cursor);
    if (cursor === process.pid) total += kb;
  }
  return total;
}

async function timed(count: number, concurrency: number, one: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const started = performance.now();
        await one();
        times.push((performance.now() - started) / 1000);
      }
    }),
  );
  return times;
}

export default async function pdfBench({ args }: { appUrl: string; args: string[] }): Promise<string> {
  const renders = Number(args[0] ?? 500);
  const offer = demoAcceptedOffer({
    borrower: {
      userId: "0193b000-0000-7000-8000-000000000001",
      name: "Bench Borrower",
      phone: "+919000000001",
    },
    merchant: {
      organisationId: "0193b000-0000-7000-8000-000000000002",
      storeId: "0193b000-0000-7000-8000-000000000003",
    },
  });
  const html = agreementHtml(kfsFromJson(offer.kfs.snapshot), {
    reference: "FLX-BENCH00001",
    lenderLoanReference: "SF-BENCH",
    purchaseDescription: "Smartphone (128 GB)",
    borrowerEmail: null,
    acceptedAt: offer.acceptedAt,
    createdAt: offer.acceptedAt,
  });
  const sign = (pdf: Uint8Array) =>
    watermarkAndSign(pdf, { watermark: "FLUX BENCH", reason: "bench", signingTime: new Date() });
  const pool = new PdfPool({ size: 2, recycleAfter: 50, timeoutMs: 30_000, attempts: 2 });
  try {
    await pool.warm();
    const first = await sign((await pool.render(html)).pdf);
    console.log(`agreement: ${first.pageCount} pages, ${first.bytes.length} bytes signed`);
    await timed(4, 2, async () => sign((await pool.render(html)).pdf));
    // Render time (HTML to PDF in Chromium) and the whole document (render + watermark + signature).
    const poolRuns: number[][] = [];
    const freshRuns: number[][] = [];
    const poolDocs: number[][] = [];
    const freshDocs: number[][] = [];
    const measure = async (render: () => Promise<Uint8Array>, renders: number[]) => {
      const started = performance.now();
      const pdf = await render();
      renders.push((performance.now() - started) / 1000);
      await sign(pdf);
    };
    for (let index = 0; index < 3; index++) {
      const poolRender: number[] = [];
      poolDocs.push(await timed(20, 2, () => measure(async () => (await pool.render(html)).pdf, poolRender)));
      poolRuns.push(poolRender);
      const freshRender: number[] = [];
      freshDocs.push(await timed(10, 2, () => measure(() => renderWithFreshBrowser(html), freshRender)));
      freshRuns.push(freshRender);
      console.log(
        `round ${index + 1}: render pool p50=${round(percentile(poolRender, 50), 3)}s p95=${round(percentile(poolRender, 95), 3)}s · browser per document p50=${round(percentile(freshRender, 50), 3)}s p95=${round(percentile(freshRender, 95), 3)}s · whole document pool p50=${round(percentile(poolDocs[index] ?? [], 50), 3)}s fresh p50=${round(percentile(freshDocs[index] ?? [], 50), 3)}s`,
      );
    }
    const poolP50 = median(poolRuns.map((run) => percentile(run, 50)));
    const poolP95 = median(poolRuns.map((run) => percentile(run, 95)));
    const freshP50 = median(freshRuns.map((run) => percentile(run, 50)));
    const docP50 = median(poolDocs.map((run) => percentile(run, 50)));
    const docFreshP50 = median(freshDocs.map((run) => percentile(run, 50)));

    await timed(20, 2, () => pool.render(html)); // settle after the peer's launches
    const rssStart = treeRssKb();
    let rssPeak = rssStart;
    const started = performance.now();
    let done = 0;
    await timed(renders, 2, async () => {
      await sign((await pool.render(html)).pdf);
      done += 1;
      if (done % 50 === 0) {
        const now = treeRssKb();
        rssPeak = Math.max(rssPeak, now);
        console.log(`${done} renders: rss ${round(now / 1024, 0)} MiB (${pool.stats.recycles} recycles)`);
      }
    });
    const rssEnd = treeRssKb();
    const throughput = renders / ((performance.now() - started) / 1000);
    console.log(
      `500-render run: ${round(throughput, 2)} documents/s; rss start ${round(rssStart / 1024, 0)} MiB, end ${round(rssEnd / 1024, 0)} MiB, peak ${round(rssPeak / 1024, 0)} MiB; crashes ${pool.stats.crashes}`,
    );
    return `BENCH pdf p50_s=${round(poolP50, 3)} p95_s=${round(poolP95, 3)} pool_ratio=${round(freshP50 / poolP50, 2)} rss_growth_pct=${round(((rssEnd - rssStart) / rssStart) * 100, 1)} fresh_p50_s=${round(freshP50, 3)} doc_p50_s=${round(docP50, 3)} doc_ratio=${round(docFreshP50 / docP50, 2)} renders=${renders} docs_per_s=${round(throughput, 2)} pages=${first.pageCount} concurrency=2`;
  } finally {
    await pool.close();
  }
}
