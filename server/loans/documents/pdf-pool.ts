/**
 * A warm Chromium pool for PDF rendering (puppeteer-core with the system Chromium): a bounded number of
 * browsers kept running, one render at a time per browser (a semaphore bounds concurrency), each browser
 * recycled after N renders (Chromium's memory creeps), every render under a timeout, and a render whose
 * browser crashed or hung is retried once on a fresh browser. Used by the documents worker only, never in
 * a web request.
 */
import puppeteer, { type Browser } from "puppeteer-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--font-render-hinting=none",
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export interface PdfPoolOptions {
  /** Browsers kept warm (= renders in parallel). */
  size?: number;
  /** Renders before a browser is closed and replaced. */
  recycleAfter?: number;
  /** One render's limit; a render over it kills its browser and is retried on a fresh one. */
  timeoutMs?: number;
  /** Attempts per render (the retries go to a fresh browser). */
  attempts?: number;
}

export interface PdfRenderResult {
  pdf: Uint8Array;
  attempts: number;
}

interface Slot {
  browser: Browser | null;
  renders: number;
  busy: boolean;
}

export class PdfRenderError extends Error {
  override readonly name = "PdfRenderError";
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

async function renderOn(browser: Browser, html: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    // The document is self-contained: nothing may be fetched from the network.
    await page.setJavaScriptEnabled(false);
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await page.close().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new PdfRenderError(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export class PdfPool {
  private readonly slots: Slot[];
  private readonly waiters: ((slot: Slot) => void)[] = [];
  private readonly recycleAfter: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private closed = false;
  /** Counters for the benchmark and the health view. */
  readonly stats = { renders: 0, launches: 0, recycles: 0, crashes: 0, retries: 0 };

  constructor(options: PdfPoolOptions = {}) {
    this.slots = Array.from({ length: Math.max(1, options.size ?? 2) }, () => ({
      browser: null,
      renders: 0,
      busy: false,
    }));
    this.recycleAfter = options.recycleAfter ?? 100;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = Math.max(1, options.attempts ?? 2);
  }

  /** Launches every browser now (so the first renders do not pay the start-up). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.ensureBrowser(slot)));
  }

  private async ensureBrowser(slot: Slot): Promise<Browser> {
    if (slot.browser?.connected) return slot.browser;
    slot.browser = await launchBrowser();
    slot.renders = 0;
    this.stats.launches += 1;
    return slot.browser;
  }

  private async discard(slot: Slot) {
    const browser = slot.browser;
    slot.browser = null;
    slot.renders = 0;
    if (browser) {
      // A hung browser may never answer close(): kill its process.
      await withTimeout(browser.close(), 5_000, "closing Chromium").catch(() =>
        browser.process()?.kill("SIGKILL"),
      );
    }
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new PdfRenderError("the PDF pool is closed"));
    const free = this.slots.find((slot) => !slot.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(slot: Slot) {
    const next = this.waiters.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** The browser of a free slot (tests use it to crash Chromium on purpose). */
  browsers(): Browser[] {
    return this.slots.flatMap((slot) => (slot.browser ? [slot.browser] : []));
  }

  async render(html: string): Promise<PdfRenderResult> {
    const slot = await this.acquire();
    try {
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
        try {
          const browser = await this.ensureBrowser(slot);
          const pdf = await withTimeout(renderOn(browser, html), this.timeoutMs, "rendering the PDF");
          slot.renders += 1;
          this.stats.renders += 1;
          if (slot.renders >= this.recycleAfter) {
            this.stats.recycles += 1;
            await this.discard(slot);
          }
          return { pdf, attempts: attempt };
        } catch (error) {
          lastError = error;
          this.stats.crashes += 1;
          if (attempt < this.attempts) this.stats.retries += 1;
          // Whatever failed (crash, hang, protocol error), the next attempt gets a fresh browser.
          await this.discard(slot);
        }
      }
      throw new PdfRenderError(
        `PDF rendering failed after ${this.attempts} attempt(s): ${String(lastError)}`,
      );
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => this.discard(slot)));
  }
}

/** Renders with a browser launched for this one document (the benchmark's peer). */
export async function renderWithFreshBrowser(html: string): Promise<Uint8Array> {
  const browser = await launchBrowser();
  try {
    return await renderOn(browser, html);
  } finally {
    await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
  }
}

const globalForPool = globalThis as unknown as { fluxPdfPool?: PdfPool };

/** The process's pool (the workers process), created on first use. */
export function sharedPdfPool(): PdfPool {
  globalForPool.fluxPdfPool ??= new PdfPool({ size: 2, recycleAfter: 50, timeoutMs: 30_000, attempts: 2 });
  return globalForPool.fluxPdfPool;
}

/** Closes the process's pool if one was started (workers shutdown). */
export async function closeSharedPdfPool(): Promise<void> {
  const pool = globalForPool.fluxPdfPool;
  globalForPool.fluxPdfPool = undefined;
  if (pool) await pool.close();
}
