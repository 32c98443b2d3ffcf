/**
 * The poller: fetch the configured source (an HTTP URL, by default the sandbox's AMFI host; or a drop
 * folder, the SFTP landing folder in production), hand new files to the ingest, and record fetch
 * freshness. Every 15 minutes inside a publishing window, hourly outside.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { systemActor } from "../platform/actor";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import type { FundsDeps } from "./deps";
import { inPublishingWindow } from "./domain/freshness";
import { MAX_NAV_FILE_BYTES, type ReceiveResult, receiveNavFile } from "./ingest.service";
import { fetchNavFileJob } from "./jobs";
import { defaultSourceUrl, getFundSettings } from "./settings.service";

export const AMFI_FEED = "amfi";
const FETCH_TIMEOUT_MS = 30_000;

export interface PollOutcome {
  skipped?: "disabled" | "outside-window";
  source?: string;
  results: ReceiveResult[];
  error?: string;
}

function pollContext(deps: Pick<FundsDeps, "clock">): CommandContext {
  return {
    actor: systemActor("nav-poller"),
    correlationId: `nav-poll-${Date.now()}`,
    ip: null,
    clock: deps.clock,
  };
}

export async function pollNavSource(
  deps: FundsDeps,
  options: { force?: boolean; ctx?: CommandContext; timeoutMs?: number } = {},
): Promise<PollOutcome> {
  const settings = await getFundSettings(deps.db);
  const now = deps.clock.now();
  if (!settings.pollEnabled && !options.force) return { skipped: "disabled", results: [] };
  const state = await deps.db.fundFeedState.findUnique({ where: { feed: AMFI_FEED } });
  if (
    !options.force &&
    !inPublishingWindow(now) &&
    state?.lastFetchAt &&
    now.getTime() - state.lastFetchAt.getTime() < 55 * 60_000
  ) {
    return { skipped: "outside-window", results: [] };
  }
  const ctx = options.ctx ?? pollContext(deps);
  const source =
    settings.sourceKind === "folder"
      ? (settings.dropFolder ?? "")
      : (settings.sourceUrl ?? defaultSourceUrl(deps.sandboxUrl));
  const results: ReceiveResult[] = [];
  let error: string | undefined;
  try {
    if (settings.sourceKind === "folder") {
      const names = (await readdir(source)).filter((name) => !name.startsWith(".")).sort();
      for (const name of names) {
        const file = path.join(source, name);
        const info = await stat(file);
        if (!info.isFile() || info.size > MAX_NAV_FILE_BYTES) continue;
        results.push(
          await receiveNavFile(deps, ctx, {
            content: await readFile(file),
            fileName: name,
            source: "folder",
            sourceRef: file,
          }),
        );
      }
    } else {
      const response = await fetch(source, {
        signal: AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS),
        redirect: "follow",
      });
      if (!response.ok) throw new Error(`the source answered HTTP ${response.status} ${response.statusText}`);
      const content = new Uint8Array(await response.arrayBuffer());
      const fileName = decodeURIComponent(new URL(source).pathname.split("/").pop() || "NAVAll.txt");
      results.push(await receiveNavFile(deps, ctx, { content, fileName, source: "url", sourceRef: source }));
    }
    const refused = results.find((r) => r.status === "refused");
    if (refused && refused.status === "refused") error = `file refused: ${refused.message}`;
  } catch (caught) {
    error =
      caught instanceof Error
        ? `${caught.name === "TimeoutError" ? "timed out: " : ""}${caught.message}`
        : String(caught);
  }
  const lastSha = results.at(-1)?.sha256 ?? null;
  await deps.db.fundFeedState.upsert({
    where: { feed: AMFI_FEED },
    create: {
      feed: AMFI_FEED,
      lastFetchAt: now,
      lastSuccessAt: error ? null : now,
      lastError: error ?? null,
      lastSha256: lastSha,
    },
    update: {
      lastFetchAt: now,
      ...(error ? { lastError: error } : { lastSuccessAt: now, lastError: null }),
      ...(lastSha ? { lastSha256: lastSha } : {}),
    },
  });
  return { source, results, error };
}

/** Admin "fetch now": queues a forced poll through the outbox (audited). */
export async function requestPoll(
  deps: Pick<FundsDeps, "db">,
  ctx: CommandContext,
): Promise<{ queued: true }> {
  await runCommand(deps, ctx, async ({ audit, emit }) => {
    audit({ action: "funds.poll_requested", entityType: "fund_feed", entityId: AMFI_FEED });
    emit(fetchNavFileJob, { force: true });
  });
  return { queued: true };
}
