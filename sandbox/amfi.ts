/**
 * The AMFI file host: serves `NAVAll.txt` the way www.amfiindia.com/spages/NAVAll.txt does, from the real
 * files in ../shared/data/amfi, with fault modes switchable at runtime:
 *   today (default: the real 6-field file), eight-field (the August 2026 layout excerpt), yesterday (the
 *   same file a day older), html (an error page with status 200, as portals do), empty, truncated, slow
 *   (answers after `delayMs`), error (HTTP 503), custom (a body set with PUT /amfi/_file).
 *   POST /amfi/_mode {"mode": "...", "delayMs"?: n} switches; GET /amfi/_mode shows the state.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { z } from "zod";

export const AMFI_MODES = [
  "today",
  "eight-field",
  "yesterday",
  "html",
  "empty",
  "truncated",
  "slow",
  "error",
  "custom",
] as const;
export type AmfiMode = (typeof AMFI_MODES)[number];

function dataDir(): string {
  return process.env.FLUX_SHARED_DATA
    ? path.join(process.env.FLUX_SHARED_DATA, "amfi")
    : path.resolve(process.cwd(), "../shared/data/amfi");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function amfiDate(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}-${MONTHS[Number(month) - 1]}-${year}`;
}

/** The same file one day older: every row dated the newest date is re-dated the day before. */
export function yesterdayOf(text: string, newest = "18-Aug-2026"): string {
  const [d, m, y] = newest.split("-");
  const date = new Date(Date.UTC(Number(y), MONTHS.indexOf(m!), Number(d) - 1));
  return text.replaceAll(`;${newest}`, `;${amfiDate(date.toISOString().slice(0, 10))}`);
}

export function createAmfiHost() {
  const app = new Hono();
  const state: { mode: AmfiMode; delayMs: number; custom: string | null; requests: number } = {
    mode: "today",
    delayMs: 5_000,
    custom: null,
    requests: 0,
  };
  const cache = new Map<string, string>();
  const read = (name: string): string | null => {
    if (cache.has(name)) return cache.get(name)!;
    const file = path.join(dataDir(), name);
    if (!existsSync(file)) return null;
    const text = readFileSync(file, "latin1");
    cache.set(name, text);
    return text;
  };

  async function body(): Promise<Response> {
    const today = read("NAVAll_6field_2026-08-18.txt");
    const text = (content: string | null, status = 200) =>
      content === null
        ? Response.json({ error: "the AMFI sample files are not available to this sandbox" }, { status: 404 })
        : new Response(Buffer.from(content, "latin1"), { status, headers: { "content-type": "text/plain" } });
    switch (state.mode) {
      case "today":
        return text(today);
      case "eight-field":
        return text(read("NAVAll_8field_excerpt_2026-08-21.txt"));
      case "yesterday":
        return text(today && yesterdayOf(today));
      case "html":
        return new Response(
          "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>The page is under maintenance</h1></body></html>",
          { headers: { "content-type": "text/html" } },
        );
      case "empty":
        return new Response("", { headers: { "content-type": "text/plain" } });
      case "truncated":
        return text(today?.slice(0, Math.floor(today.length / 2)) ?? null);
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, state.delayMs));
        return text(today);
      case "error":
        return new Response("Service Unavailable", { status: 503 });
      case "custom":
        return state.custom === null
          ? new Response("no custom file set (PUT /amfi/_file)", { status: 404 })
          : new Response(state.custom, { headers: { "content-type": "text/plain" } });
    }
  }

  app.get("/amfi/NAVAll.txt", async () => {
    state.requests++;
    return body();
  });
  app.get("/amfi/_mode", (c) =>
    c.json({ mode: state.mode, delayMs: state.delayMs, requests: state.requests }),
  );
  app.post("/amfi/_mode", async (c) => {
    const parsed = z
      .object({ mode: z.enum(AMFI_MODES), delayMs: z.number().int().min(0).max(120_000).optional() })
      .safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: `mode must be one of ${AMFI_MODES.join(", ")}` }, 400);
    state.mode = parsed.data.mode;
    if (parsed.data.delayMs !== undefined) state.delayMs = parsed.data.delayMs;
    return c.json({ mode: state.mode, delayMs: state.delayMs });
  });
  app.put("/amfi/_file", async (c) => {
    const content = await c.req.text();
    if (content.length > 20 * 1024 * 1024) return c.json({ error: "file too large" }, 413);
    state.custom = content;
    state.mode = "custom";
    return c.json({ mode: state.mode, bytes: content.length });
  });
  return app;
}
