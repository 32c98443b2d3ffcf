/**
 * The lending admin's view: lenders (descriptors, breaker state, sandbox fault switches), live per-lender
 * latency / approval / error figures from the recorded attempts, the reconciliation queue, applications.
 */
import type { Redis } from "ioredis";
import { recordedSelection } from "@/server/lending/rules/selector";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { listConnectors } from "./connectors/registry";
import { breakerStates, resetBreaker } from "./orchestrator/breaker";

export interface AdminDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  sandboxUrl: string;
}

async function sandboxFaults(sandboxUrl: string): Promise<Record<string, unknown> | null> {
  try {
    const response = await fetch(`${sandboxUrl}/lenders/_admin`, { signal: AbortSignal.timeout(1_500) });
    if (!response.ok) return null;
    const body = (await response.json()) as { lenders: { code: string; faults: unknown }[] };
    return Object.fromEntries(body.lenders.map((lender) => [lender.code, lender.faults]));
  } catch {
    return null;
  }
}

export async function listLenders(deps: AdminDeps) {
  const connectors = await listConnectors(deps.db);
  const breakers = await breakerStates(
    deps,
    connectors.map((c) => c.code),
  );
  const faults = await sandboxFaults(deps.sandboxUrl);
  return {
    sandboxReachable: faults !== null,
    lenders: connectors.map((connector) => ({
      ...connector,
      breaker: breakers.find((b) => b.code === connector.code) ?? null,
      faults: (faults?.[connector.code] as Record<string, unknown> | undefined) ?? null,
    })),
  };
}

export interface LenderFigures {
  lenderCode: string;
  calls: number;
  p50Ms: number | null;
  p95Ms: number | null;
  approvalRate: number | null;
  errorRate: number | null;
}

/** Per-lender figures over the last `minutes` of application calls, plus a per-minute series for charts. */
export async function lenderMetrics(db: Db, minutes = 30) {
  const since = new Date(Date.now() - minutes * 60_000);
  const totals = await db.$queryRaw<
    {
      lender_code: string;
      calls: bigint;
      p50: number | null;
      p95: number | null;
      approved: bigint;
      declined: bigint;
      errors: bigint;
    }[]
  >`
    SELECT lender_code,
           count(*) AS calls,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
           count(*) FILTER (WHERE outcome = 'APPROVED') AS approved,
           count(*) FILTER (WHERE outcome = 'DECLINED') AS declined,
           count(*) FILTER (WHERE outcome IN ('RETRYABLE', 'UNKNOWN', 'ERROR')) AS errors
      FROM lender_attempt
     WHERE kind = 'APPLY' AND started_at >= ${since} AND outcome NOT IN ('IN_FLIGHT', 'SKIPPED')
     GROUP BY lender_code
     ORDER BY lender_code`;
  const series = await db.$queryRaw<
    { minute: Date; lender_code: string; p95: number | null; calls: bigint; errors: bigint }[]
  >`
    SELECT date_trunc('minute', started_at) AS minute, lender_code,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
           count(*) AS calls,
           count(*) FILTER (WHERE outcome IN ('RETRYABLE', 'UNKNOWN', 'ERROR')) AS errors
      FROM lender_attempt
     WHERE kind = 'APPLY' AND started_at >= ${since} AND outcome NOT IN ('IN_FLIGHT', 'SKIPPED')
     GROUP BY 1, 2
     ORDER BY 1`;
  const figures: LenderFigures[] = totals.map((row) => {
    const decided = Number(row.approved + row.declined);
    return {
      lenderCode: row.lender_code,
      calls: Number(row.calls),
      p50Ms: row.p50 === null ? null : Math.round(row.p50),
      p95Ms: row.p95 === null ? null : Math.round(row.p95),
      approvalRate: decided > 0 ? Number(row.approved) / decided : null,
      errorRate: Number(row.calls) > 0 ? Number(row.errors) / Number(row.calls) : null,
    };
  });
  const byMinute = new Map<string, Record<string, number | string>>();
  for (const row of series) {
    const key = row.minute.toISOString().slice(11, 16);
    const point = byMinute.get(key) ?? { minute: key };
    point[`${row.lender_code}_p95`] = row.p95 === null ? 0 : Math.round(row.p95);
    point[`${row.lender_code}_errors`] = Number(row.errors);
    byMinute.set(key, point);
  }
  return { minutes, figures, series: [...byMinute.values()] };
}

const FAULT_MODES = [
  "none",
  "slow",
  "error5xx",
  "reset",
  "timeout",
  "approve_then_timeout",
  "duplicate_callback",
  "expire_token",
] as const;
export type SandboxFaultMode = (typeof FAULT_MODES)[number];
export { FAULT_MODES };

/** Switches a sandbox lender's fault mode (admin page), audited. Only the sandbox has this switch. */
export async function setSandboxFault(
  deps: AdminDeps,
  ctx: CommandContext,
  input: { lenderCode: string; mode: SandboxFaultMode; rate: number; latencyMedianMs: number | null },
) {
  const body = {
    mode: input.mode,
    rate: input.rate,
    latency:
      input.latencyMedianMs === null
        ? null
        : { medianMs: input.latencyMedianMs, p95Ms: Math.round(input.latencyMedianMs * 2.5) },
  };
  let response: Response;
  try {
    response = await fetch(
      `${deps.sandboxUrl}/lenders/_admin/${encodeURIComponent(input.lenderCode)}/faults`,
      {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(2_000),
      },
    );
  } catch (error) {
    throw new AppError("UNAVAILABLE", "The sandbox is not reachable. Is it running?", { cause: error });
  }
  if (response.status === 404) throw new AppError("NOT_FOUND", "The sandbox has no lender with that code.");
  if (!response.ok) throw new AppError("BAD_REQUEST", "The sandbox refused those fault settings.");
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({
      action: "lending.sandbox.fault-set",
      entityType: "lender_connector",
      entityId: input.lenderCode,
      after: body,
    });
  });
  return { lenderCode: input.lenderCode, ...body };
}

export async function resetLenderBreaker(deps: AdminDeps, ctx: CommandContext, lenderCode: string) {
  await resetBreaker(deps, lenderCode);
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({
      action: "lending.breaker.reset",
      entityType: "lender_connector",
      entityId: lenderCode,
      after: { state: "CLOSED" },
    });
  });
  return { lenderCode };
}

export async function listReconciliation(db: Db, status: "OPEN" | "RESOLVED") {
  const rows = await db.reconciliationItem.findMany({
    where: { status },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  const apps = await db.loanApplication.findMany({
    where: { id: { in: rows.map((r) => r.applicationId) } },
    select: { id: true, reference: true, status: true, ticketPaise: true },
  });
  return rows.map((row) => ({ ...row, application: apps.find((a) => a.id === row.applicationId) ?? null }));
}

export async function listApplications(db: Db, input: { status?: string; page: number; pageSize: number }) {
  const where = input.status ? { status: input.status as never } : {};
  const [rows, total] = await Promise.all([
    db.loanApplication.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: { store: { select: { name: true } }, _count: { select: { attempts: true, offers: true } } },
    }),
    db.loanApplication.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      status: row.status,
      mode: row.mode,
      storeName: row.store.name,
      ticketPaise: row.ticketPaise,
      createdAt: row.createdAt,
      decidedAt: row.decidedAt,
      attempts: row._count.attempts,
      offers: row._count.offers,
      ruleVersion: row.ruleVersion,
    })),
  };
}

export async function getApplicationDetail(db: Db, id: string) {
  const app = await db.loanApplication.findUnique({
    where: { id },
    include: {
      store: { select: { name: true, code: true } },
      attempts: { orderBy: [{ startedAt: "asc" }, { seq: "asc" }] },
      offers: { orderBy: { displayRank: "asc" } },
    },
  });
  if (!app) throw new AppError("NOT_FOUND", "No such application.");
  const selection = await recordedSelection(db, app.id);
  const { panCiphertext: _secret, ...rest } = app;
  return {
    ...rest,
    selection: selection && {
      ruleVersion: selection.ruleVersion,
      facts: selection.facts,
      lenders: selection.lenders,
      ineligible: selection.ineligible,
    },
  };
}
