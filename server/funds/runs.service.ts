/** Admin views of ingest runs: the list, one run's summary with its quarantined rows by reason. */
import { AppError } from "../platform/errors";
import type { FundsDeps } from "./deps";
import { QUARANTINE_REASONS, WARNINGS } from "./domain/validate";

const RUN_SELECT = {
  id: true,
  fileName: true,
  source: true,
  sha256: true,
  status: true,
  layout: true,
  rowsTotal: true,
  accepted: true,
  inserted: true,
  revised: true,
  unchanged: true,
  olderThanLatest: true,
  held: true,
  quarantined: true,
  quarantineReasons: true,
  warnings: true,
  refusalCode: true,
  error: true,
  requestedBy: true,
  createdAt: true,
  finishedAt: true,
  durationMs: true,
  broadcastAt: true,
  rawFileId: true,
} as const;

export async function listRuns(deps: Pick<FundsDeps, "db">, filter: { page: number; pageSize: number }) {
  const [total, items] = await Promise.all([
    deps.db.fundIngestRun.count(),
    deps.db.fundIngestRun.findMany({
      orderBy: { createdAt: "desc" },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
      select: RUN_SELECT,
    }),
  ]);
  return { total, items };
}

export async function getRun(deps: Pick<FundsDeps, "db">, runId: string) {
  const run = await deps.db.fundIngestRun.findUnique({ where: { id: runId }, select: RUN_SELECT });
  if (!run) throw new AppError("NOT_FOUND", "That ingest run does not exist.");
  const issues = await deps.db.fundIngestIssue.findMany({
    where: { runId },
    orderBy: { line: "asc" },
    take: 500,
    select: { line: true, schemeCode: true, reason: true, detail: true },
  });
  const reasons = Object.entries((run.quarantineReasons ?? {}) as Record<string, number>).map(
    ([reason, count]) => ({
      reason,
      label: QUARANTINE_REASONS[reason as keyof typeof QUARANTINE_REASONS] ?? reason,
      count,
    }),
  );
  const warnings = Object.entries((run.warnings ?? {}) as Record<string, number>).map(([warning, count]) => ({
    warning,
    label: WARNINGS[warning as keyof typeof WARNINGS] ?? warning,
    count,
  }));
  const raw = run.rawFileId
    ? await deps.db.fundRawFile.findUnique({
        where: { id: run.rawFileId },
        select: { sizeBytes: true, sourceRef: true, receivedAt: true },
      })
    : null;
  return { ...run, reasons, warningList: warnings, issues, rawFile: raw };
}
