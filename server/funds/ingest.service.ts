/**
 * The NAV ingest: receive a file (store its bytes by SHA-256; the same file twice is a no-op), then parse,
 * validate and persist it in one transaction (multi-row upserts through `unnest`, not row by row), then
 * write the Redis cache and the live broadcast after commit.
 *
 * Concurrency: every ingest takes one transaction-scoped advisory lock, so two workers given the same run
 * (or two runs of the same file) serialise; the second sees the run already finished and does nothing.
 * A NAV for a date already stored with another value is kept as a revision (both values). A scheme's
 * latest NAV only ever moves forward in date: yesterday's file never regresses today's NAV.
 */
import { createHash } from "node:crypto";
import type { Prisma } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import type { FundsDeps } from "./deps";
import { AmfiFileError, parseAmfiFile } from "./domain/amfi-parser";
import { istDate } from "./domain/dates";
import { navEquals } from "./domain/nav";
import { defaultRiskLevel, type SchemeClass } from "./domain/scheme-facts";
import { type PreviousNav, type ValidNav, validateRows } from "./domain/validate";
import { broadcastNavJob, ingestNavFileJob } from "./jobs";
import { type CachedNav, normaliseNavText, publishNavBroadcast, writeNavCache } from "./nav-cache";
import { getFundSettings } from "./settings.service";

export const MAX_NAV_FILE_BYTES = 20 * 1024 * 1024;
const INGEST_LOCK_KEY = 0x46554e44; // "FUND"

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export type ReceiveResult =
  | { status: "queued"; runId: string; sha256: string }
  | { status: "duplicate"; runId: string | null; sha256: string }
  | { status: "refused"; runId: string; sha256: string; code: string; message: string };

/**
 * Stores a received file and queues its ingest. A file refused by the parser (HTML, empty, truncated,
 * unknown header) is not stored: only a REFUSED run row and an audit line record it.
 */
export async function receiveNavFile(
  deps: Pick<FundsDeps, "db">,
  ctx: CommandContext,
  file: {
    content: Uint8Array;
    fileName: string;
    source: "upload" | "url" | "folder";
    sourceRef?: string | null;
  },
): Promise<ReceiveResult> {
  if (file.content.byteLength > MAX_NAV_FILE_BYTES) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `The file is larger than ${MAX_NAV_FILE_BYTES / 1024 / 1024} MB.`,
    );
  }
  const sha256 = sha256Hex(file.content);
  const fileName = file.fileName.slice(0, 200) || "NAVAll.txt";
  let refusal: AmfiFileError | null = null;
  try {
    parseAmfiFile(file.content);
  } catch (error) {
    if (!(error instanceof AmfiFileError)) throw error;
    refusal = error;
  }
  return runCommand(deps, ctx, async ({ tx, audit, emit, now }) => {
    if (refusal) {
      const run = await tx.fundIngestRun.create({
        data: {
          sha256,
          fileName,
          source: file.source,
          status: "REFUSED",
          refusalCode: refusal.code,
          error: refusal.message,
          requestedBy: ctx.actor.auditId,
          createdAt: now,
          startedAt: now,
          finishedAt: now,
          durationMs: 0,
        },
      });
      audit({
        action: "funds.nav_file_refused",
        entityType: "fund_ingest_run",
        entityId: run.id,
        data: {
          sha256,
          fileName,
          source: file.source,
          sourceRef: file.sourceRef ?? null,
          code: refusal.code,
          reason: refusal.message,
        },
      });
      return {
        status: "refused",
        runId: run.id,
        sha256,
        code: refusal.code,
        message: refusal.message,
      } as const;
    }
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO fund_raw_file (id, sha256, file_name, source, source_ref, size_bytes, content, received_at)
      VALUES (gen_random_uuid(), ${sha256}, ${fileName}, ${file.source}, ${file.sourceRef ?? null},
              ${file.content.byteLength}, ${Buffer.from(file.content)}, ${now})
      ON CONFLICT (sha256) DO NOTHING
      RETURNING id::text`;
    const rawFileId = inserted[0]?.id;
    if (!rawFileId) {
      const previous = await tx.fundIngestRun.findFirst({
        where: { sha256, status: { not: "REFUSED" } },
        orderBy: { createdAt: "desc" },
        select: { id: true },
      });
      return { status: "duplicate", runId: previous?.id ?? null, sha256 } as const;
    }
    const run = await tx.fundIngestRun.create({
      data: {
        rawFileId,
        sha256,
        fileName,
        source: file.source,
        status: "QUEUED",
        requestedBy: ctx.actor.auditId,
        createdAt: now,
      },
    });
    audit({
      action: "funds.nav_file_received",
      entityType: "fund_ingest_run",
      entityId: run.id,
      data: {
        sha256,
        fileName,
        source: file.source,
        sourceRef: file.sourceRef ?? null,
        sizeBytes: file.content.byteLength,
      },
    });
    emit(ingestNavFileJob, { runId: run.id }, { jobId: `funds.nav.ingest.${run.id}` });
    return { status: "queued", runId: run.id, sha256 } as const;
  });
}

/** Re-runs a stored file as a new run (admin action): the file's rows are upserted again. */
export async function rerunNavFile(deps: Pick<FundsDeps, "db">, ctx: CommandContext, runId: string) {
  return runCommand(deps, ctx, async ({ tx, audit, emit, now }) => {
    const previous = await tx.fundIngestRun.findUnique({ where: { id: runId } });
    if (!previous) throw new AppError("NOT_FOUND", "That ingest run does not exist.");
    if (!previous.rawFileId) {
      throw new AppError(
        "PRECONDITION_FAILED",
        "This run's file was refused and not stored, so it cannot be re-run.",
      );
    }
    const run = await tx.fundIngestRun.create({
      data: {
        rawFileId: previous.rawFileId,
        sha256: previous.sha256,
        fileName: previous.fileName,
        source: "rerun",
        status: "QUEUED",
        requestedBy: ctx.actor.auditId,
        createdAt: now,
      },
    });
    audit({
      action: "funds.nav_file_rerun",
      entityType: "fund_ingest_run",
      entityId: run.id,
      data: { previousRunId: runId, sha256: previous.sha256 },
    });
    emit(ingestNavFileJob, { runId: run.id }, { jobId: `funds.nav.ingest.${run.id}` });
    return { runId: run.id };
  });
}

export interface IngestOutcome {
  runId: string;
  status: "SUCCEEDED" | "REFUSED" | "ALREADY_DONE";
  published: CachedNav[];
  durationMs: number;
}

interface LatestRow {
  code: number;
  latest_nav: string | null;
  latest_nav_date: string | null;
}

/**
 * Parses, validates and persists one run's file. Idempotent: a run already finished is not processed again.
 * Publishes to Redis after commit (best effort; the broadcast job repeats it if that failed).
 */
export async function ingestRun(
  deps: FundsDeps,
  ctx: CommandContext,
  runId: string,
  options: { publish?: boolean } = {},
): Promise<IngestOutcome> {
  const started = performance.now();
  const settings = await getFundSettings(deps.db);
  const outcome = await runCommand(
    deps,
    ctx,
    async ({ tx, audit, emit, now, afterCommit }) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INGEST_LOCK_KEY}::int, 1)`;
      const run = await tx.fundIngestRun.findUnique({ where: { id: runId } });
      if (!run) throw new AppError("NOT_FOUND", `ingest run ${runId} does not exist`);
      if (run.status !== "QUEUED" && run.status !== "RUNNING" && run.status !== "FAILED") {
        return { runId, status: "ALREADY_DONE", published: [] as CachedNav[] } as const;
      }
      const raw = run.rawFileId
        ? await tx.fundRawFile.findUnique({ where: { id: run.rawFileId }, select: { content: true } })
        : null;
      if (!raw) throw new AppError("NOT_FOUND", `the raw file of run ${runId} is missing`);

      let parsed: ReturnType<typeof parseAmfiFile>;
      try {
        parsed = parseAmfiFile(raw.content);
      } catch (error) {
        if (!(error instanceof AmfiFileError)) throw error;
        await tx.fundIngestRun.update({
          where: { id: runId },
          data: {
            status: "REFUSED",
            refusalCode: error.code,
            error: error.message,
            startedAt: now,
            finishedAt: now,
            durationMs: 0,
          },
        });
        audit({
          action: "funds.nav_file_refused",
          entityType: "fund_ingest_run",
          entityId: runId,
          data: { code: error.code, reason: error.message },
        });
        return { runId, status: "REFUSED", published: [] as CachedNav[] } as const;
      }

      const latestRows = await tx.$queryRaw<LatestRow[]>`
        SELECT code, latest_nav::text AS latest_nav, to_char(latest_nav_date, 'YYYY-MM-DD') AS latest_nav_date
        FROM fund_scheme WHERE latest_nav_date IS NOT NULL`;
      const latest = new Map<number, PreviousNav>();
      for (const row of latestRows) {
        if (row.latest_nav && row.latest_nav_date)
          latest.set(row.code, { nav: row.latest_nav, navDate: row.latest_nav_date });
      }
      const summary = validateRows(
        parsed.rows,
        {
          today: istDate(now),
          futureWindowDays: settings.futureWindowDays,
          jumpThresholdBps: settings.jumpThresholdBps,
        },
        (code) => latest.get(code),
      );

      const accepted: ValidNav[] = [];
      const held: { nav: ValidNav; previous: PreviousNav; jumpBps: number }[] = [];
      const issues: { line: number; schemeCode: string; reason: string; detail: string }[] = [];
      for (const item of summary.outcomes) {
        if (item.kind === "accepted") accepted.push(item.nav);
        else if (item.kind === "held")
          held.push({ nav: item.nav, previous: item.previous, jumpBps: item.jumpBps });
        else
          issues.push({
            line: item.line,
            schemeCode: item.schemeCode.slice(0, 40),
            reason: item.reason,
            detail: item.detail.slice(0, 300),
          });
      }
      const olderThanLatest = accepted.filter((nav) => {
        const current = latest.get(nav.schemeCode);
        return current !== undefined && nav.navDate < current.navDate;
      }).length;

      // Schemes are known or created, and their latest NAV moves forward, in one pass (a held row's scheme
      // already exists: a jump needs a previous NAV). Under the lock, `latest` says exactly what moves.
      const moved: CachedNav[] = accepted
        .filter((nav) => {
          const current = latest.get(nav.schemeCode);
          return (
            !current ||
            current.navDate < nav.navDate ||
            (current.navDate === nav.navDate && !navEquals(current.nav, nav.nav))
          );
        })
        .map((nav) => ({
          schemeCode: nav.schemeCode,
          nav: nav.nav,
          navDate: nav.navDate,
          schemeClass: nav.schemeClass,
        }));
      await upsertSchemesAndLatest(tx, accepted, now);
      const { inserted, revised } = await upsertNavs(tx, accepted, runId, now);
      if (issues.length) await insertIssues(tx, runId, issues);
      if (held.length) await insertHeld(tx, runId, held, now);

      const durationMs = Math.round(performance.now() - started);
      const counts = {
        rowsTotal: parsed.rows.length,
        accepted: accepted.length,
        inserted,
        revised,
        unchanged: accepted.length - inserted - revised,
        olderThanLatest,
        held: held.length,
        quarantined: summary.quarantined,
      };
      await tx.fundIngestRun.update({
        where: { id: runId },
        data: {
          status: "SUCCEEDED",
          layout: parsed.layout,
          ...counts,
          quarantineReasons: summary.quarantineReasons as Prisma.InputJsonValue,
          warnings: summary.warnings as Prisma.InputJsonValue,
          error: null,
          startedAt: run.startedAt ?? now,
          finishedAt: now,
          durationMs,
        },
      });
      audit({
        action: "funds.nav_file_ingested",
        entityType: "fund_ingest_run",
        entityId: runId,
        data: {
          sha256: run.sha256,
          layout: parsed.layout,
          ...counts,
          quarantineReasons: summary.quarantineReasons,
        },
      });
      // The outbox event later consumers hang off; it also repairs the cache if the publish below fails.
      emit(broadcastNavJob, { runId }, { jobId: `funds.nav.broadcast.${runId}` });
      if (options.publish !== false && moved.length) {
        afterCommit(() => publishNavs(deps, runId, moved, now, settings.holidays));
      }
      return { runId, status: "SUCCEEDED", published: moved } as const;
    },
    { timeoutMs: 120_000 },
  );
  return { ...outcome, durationMs: Math.round(performance.now() - started) };
}

/** Marks a run that failed for an unexpected reason (the job will retry it). */
export async function markRunFailed(
  deps: Pick<FundsDeps, "db">,
  runId: string,
  message: string,
): Promise<void> {
  await deps.db.fundIngestRun.updateMany({
    where: { id: runId, status: { in: ["QUEUED", "RUNNING", "FAILED"] } },
    data: { status: "FAILED", error: message.slice(0, 1_000) },
  });
}

async function publishNavs(
  deps: FundsDeps,
  runId: string,
  navs: CachedNav[],
  now: Date,
  holidays: readonly string[],
): Promise<void> {
  await writeNavCache(deps.redis, deps.redisPrefix, navs, now, new Set(holidays));
  await publishNavBroadcast(deps.redis, deps.redisPrefix, {
    runId,
    navs: navs.map((nav) => [nav.schemeCode, nav.nav, nav.navDate]),
  });
  await deps.db.fundIngestRun.update({ where: { id: runId }, data: { broadcastAt: now } });
}

/**
 * The broadcast job: if the ingest's after-commit publish did not happen (Redis was down), write the cache
 * and the broadcast from the database now. Idempotent.
 */
export async function broadcastRun(
  deps: FundsDeps,
  runId: string,
): Promise<{ published: number; skipped: boolean }> {
  const run = await deps.db.fundIngestRun.findUnique({
    where: { id: runId },
    select: { broadcastAt: true, status: true },
  });
  if (run?.status !== "SUCCEEDED" || run.broadcastAt) return { published: 0, skipped: true };
  const rows = await deps.db.$queryRaw<
    { code: number; nav: string; nav_date: string; scheme_class: string }[]
  >`
    SELECT s.code, s.latest_nav::text AS nav, to_char(s.latest_nav_date, 'YYYY-MM-DD') AS nav_date, s.scheme_class
    FROM fund_scheme s JOIN fund_nav n ON n.scheme_code = s.code AND n.nav_date = s.latest_nav_date
    WHERE n.ingest_run_id = ${runId}::uuid`;
  const settings = await getFundSettings(deps.db);
  const navs = rows.map((row) => ({
    schemeCode: row.code,
    nav: normaliseNavText(row.nav),
    navDate: row.nav_date,
    schemeClass: row.scheme_class as SchemeClass,
  }));
  await publishNavs(deps, runId, navs, deps.clock.now(), settings.holidays);
  return { published: navs.length, skipped: false };
}

/**
 * Creates unknown schemes and moves each scheme's latest NAV forward (never back in date), in one statement.
 * Scheme facts (name, AMC, category, ISINs) follow the newest file only: a row older than the scheme's
 * latest NAV changes nothing here.
 */
async function upsertSchemesAndLatest(
  tx: Prisma.TransactionClient,
  rows: ValidNav[],
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO fund_scheme (code, name, amc, category, structure, plan, option, scheme_class, isin_growth,
                             isin_reinvest, risk_level, latest_nav, latest_nav_date, created_at, updated_at)
    SELECT u.*, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
      ${rows.map((r) => r.schemeCode)}::int[], ${rows.map((r) => r.schemeName)}::text[],
      ${rows.map((r) => r.amc)}::text[], ${rows.map((r) => r.category)}::text[],
      ${rows.map((r) => r.structure)}::text[], ${rows.map((r) => r.plan)}::text[],
      ${rows.map((r) => r.option)}::text[], ${rows.map((r) => r.schemeClass)}::text[],
      ${rows.map((r) => r.isinGrowth)}::text[], ${rows.map((r) => r.isinReinvest)}::text[],
      ${rows.map((r) => defaultRiskLevel(r.category))}::int[], ${rows.map((r) => r.nav)}::numeric[],
      ${rows.map((r) => r.navDate)}::date[]
    ) AS u
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name,
      amc = COALESCE(EXCLUDED.amc, fund_scheme.amc),
      category = COALESCE(EXCLUDED.category, fund_scheme.category),
      structure = COALESCE(EXCLUDED.structure, fund_scheme.structure),
      plan = EXCLUDED.plan,
      option = EXCLUDED.option,
      scheme_class = EXCLUDED.scheme_class,
      isin_growth = COALESCE(EXCLUDED.isin_growth, fund_scheme.isin_growth),
      isin_reinvest = COALESCE(EXCLUDED.isin_reinvest, fund_scheme.isin_reinvest),
      latest_nav = EXCLUDED.latest_nav,
      latest_nav_date = EXCLUDED.latest_nav_date,
      updated_at = EXCLUDED.updated_at
    WHERE fund_scheme.latest_nav_date IS NULL
       OR fund_scheme.latest_nav_date < EXCLUDED.latest_nav_date
       OR (fund_scheme.latest_nav_date = EXCLUDED.latest_nav_date AND (
             fund_scheme.latest_nav <> EXCLUDED.latest_nav
             OR (fund_scheme.name, fund_scheme.amc, fund_scheme.category, fund_scheme.structure, fund_scheme.plan,
                 fund_scheme.option, fund_scheme.scheme_class, fund_scheme.isin_growth, fund_scheme.isin_reinvest)
                IS DISTINCT FROM
                (EXCLUDED.name, COALESCE(EXCLUDED.amc, fund_scheme.amc), COALESCE(EXCLUDED.category, fund_scheme.category),
                 COALESCE(EXCLUDED.structure, fund_scheme.structure), EXCLUDED.plan, EXCLUDED.option, EXCLUDED.scheme_class,
                 COALESCE(EXCLUDED.isin_growth, fund_scheme.isin_growth),
                 COALESCE(EXCLUDED.isin_reinvest, fund_scheme.isin_reinvest))))`;
}

/** Upserts NAVs by (scheme, date); a changed value for a stored date writes a revision with both values. */
async function upsertNavs(
  tx: Prisma.TransactionClient,
  rows: ValidNav[],
  runId: string,
  now: Date,
): Promise<{ inserted: number; revised: number }> {
  if (!rows.length) return { inserted: 0, revised: 0 };
  const [result] = await tx.$queryRaw<{ inserted: number; revised: number }[]>`
    WITH incoming AS (
      SELECT * FROM unnest(${rows.map((r) => r.schemeCode)}::int[], ${rows.map((r) => r.navDate)}::date[],
                           ${rows.map((r) => r.nav)}::numeric[]) AS t(scheme_code, nav_date, nav)
    ), prior AS (
      SELECT n.scheme_code, n.nav_date, n.nav AS old_nav
      FROM fund_nav n JOIN incoming i USING (scheme_code, nav_date)
    ), upserted AS (
      INSERT INTO fund_nav (scheme_code, nav_date, nav, ingest_run_id, created_at, updated_at)
      SELECT scheme_code, nav_date, nav, ${runId}::uuid, ${now}::timestamptz, ${now}::timestamptz FROM incoming
      ON CONFLICT (scheme_code, nav_date) DO UPDATE
        SET nav = EXCLUDED.nav, ingest_run_id = EXCLUDED.ingest_run_id, updated_at = EXCLUDED.updated_at
        WHERE fund_nav.nav <> EXCLUDED.nav
      RETURNING scheme_code, nav_date, nav
    ), revisions AS (
      INSERT INTO fund_nav_revision (id, scheme_code, nav_date, previous_nav, nav, ingest_run_id, created_at)
      SELECT gen_random_uuid(), p.scheme_code, p.nav_date, p.old_nav, u.nav, ${runId}::uuid, ${now}::timestamptz
      FROM upserted u JOIN prior p USING (scheme_code, nav_date)
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM upserted) - (SELECT count(*) FROM revisions))::int AS inserted,
           (SELECT count(*) FROM revisions)::int AS revised`;
  return result ?? { inserted: 0, revised: 0 };
}

async function insertIssues(
  tx: Prisma.TransactionClient,
  runId: string,
  issues: { line: number; schemeCode: string; reason: string; detail: string }[],
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO fund_ingest_issue (run_id, line, scheme_code, reason, detail)
    SELECT ${runId}::uuid, * FROM unnest(${issues.map((i) => i.line)}::int[], ${issues.map((i) => i.schemeCode)}::text[],
                                         ${issues.map((i) => i.reason)}::text[], ${issues.map((i) => i.detail)}::text[])`;
}

async function insertHeld(
  tx: Prisma.TransactionClient,
  runId: string,
  held: { nav: ValidNav; previous: PreviousNav; jumpBps: number }[],
  now: Date,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO fund_held_nav (id, run_id, scheme_code, nav_date, nav, previous_nav, previous_nav_date, jump_bps, status, created_at)
    SELECT gen_random_uuid(), ${runId}::uuid, u.*, 'PENDING', ${now}::timestamptz FROM unnest(
      ${held.map((h) => h.nav.schemeCode)}::int[], ${held.map((h) => h.nav.navDate)}::date[],
      ${held.map((h) => h.nav.nav)}::numeric[], ${held.map((h) => h.previous.nav)}::numeric[],
      ${held.map((h) => h.previous.navDate)}::date[], ${held.map((h) => h.jumpBps)}::int[]
    ) AS u
    ON CONFLICT (scheme_code, nav_date, run_id) DO NOTHING`;
}
