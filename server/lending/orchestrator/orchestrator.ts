/**
 * The application state machine, advanced by a BullMQ worker and persisted in PostgreSQL.
 *
 *   SUBMITTED ──bureau + rules──▶ IN_PROGRESS ──lenders──▶ OFFERED ──accept──▶ ACCEPTED
 *        └──────────────────────────────┴──────────▶ DECLINED / EXPIRED / CANCELLED
 *
 * - One worker at a time: a lease with a fencing token (`fence_token` increments on every take-over);
 *   every write carries the token and is refused when another worker has taken over since.
 * - Every lender call is recorded twice: IN_FLIGHT before it leaves, its outcome after. A worker that
 *   dies mid-call leaves IN_FLIGHT behind; whoever resumes treats it as UNKNOWN and asks the lender's
 *   status endpoint. It never re-sends the application for that attempt.
 * - UNKNOWN (timeout, lost reply) is never a decline: the waterfall waits for the bounded status-inquiry
 *   schedule; what stays unknown goes to the reconciliation queue.
 * - No lender call starts after the application's deadline, nor beyond its call budget.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { deriveFacts, type LenderSelection, selectLenders } from "@/server/lending/rules/selector";
import { queueSms } from "@/server/messaging/messages.service";
import { systemActor } from "@/server/platform/actor";
import type { Clock } from "@/server/platform/clock";
import { istDate } from "@/server/platform/clock";
import type { Db, Prisma } from "@/server/platform/db/client";
import { logger } from "@/server/platform/logger";
import { runCommand, type UnitOfWork } from "@/server/platform/unit-of-work";
import { type CallResult, callOperation, type LoadedConnector } from "../connectors/client";
import type { CanonicalApplication } from "../connectors/mapping";
import { loadConnector } from "../connectors/registry";
import { SANDBOX_BUREAU_KEY } from "../connectors/sandbox-descriptors";
import { decryptSecret } from "../connectors/secrets";
import { backoffMs, buildOffer, neutralOrder } from "../domain/offers";
import { expireApplicationJob, releaseOfferJob } from "../jobs";
import { allowCall, classifyForBreaker, recordCall } from "./breaker";

export interface LendingDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  sandboxUrl: string;
  clock: Clock;
}

/** The lease a worker holds on an application, renewed every third of it (LENDING_LEASE_MS overrides). */
export function leaseMs(): number {
  const configured = Number(process.env.LENDING_LEASE_MS);
  return Number.isInteger(configured) && configured >= 1_000 ? configured : 12_000;
}
/** How long a shopper has to pick an offer before holds are released. */
export const OFFER_WINDOW_MS = 15 * 60_000;

export class StaleLeaseError extends Error {
  override readonly name = "StaleLeaseError";
}

const TERMINAL = new Set(["ACCEPTED", "DECLINED", "EXPIRED", "CANCELLED"]);

type ApplicationRow = Prisma.LoanApplicationGetPayload<{
  include: { attempts: true; offers: true; store: true };
}>;
type AttemptRow = ApplicationRow["attempts"][number];

export interface PlanEntry {
  lenderCode: string;
  rank: number;
}
export interface Plan {
  lenders: PlanEntry[];
  ineligible: { lenderCode: string; reason: string }[];
}

function ctxFor(deps: Pick<LendingDeps, "clock">, applicationId: string) {
  return {
    actor: systemActor("lending-orchestrator"),
    correlationId: `application-${applicationId}`,
    ip: null,
    clock: deps.clock,
  };
}

/** Takes the lease if it is free or expired; returns the new fencing token, or null if someone holds it. */
export async function acquireLease(
  deps: LendingDeps,
  applicationId: string,
  owner: string,
): Promise<bigint | null> {
  const now = deps.clock.now();
  const rows = await deps.db.$queryRaw<{ fence_token: bigint }[]>`
    UPDATE loan_application
       SET lease_owner = ${owner}, lease_until = ${new Date(now.getTime() + leaseMs())},
           fence_token = fence_token + 1, updated_at = ${now}
     WHERE id = ${applicationId}::uuid
       AND status IN ('SUBMITTED', 'IN_PROGRESS')
       AND (lease_until IS NULL OR lease_until < ${now})
     RETURNING fence_token`;
  return rows[0]?.fence_token ?? null;
}

async function renewLease(deps: LendingDeps, applicationId: string, fence: bigint): Promise<boolean> {
  const now = deps.clock.now();
  const count = await deps.db.$executeRaw`
    UPDATE loan_application SET lease_until = ${new Date(now.getTime() + leaseMs())}
     WHERE id = ${applicationId}::uuid AND fence_token = ${fence}`;
  return count === 1;
}

async function releaseLease(deps: LendingDeps, applicationId: string, fence: bigint): Promise<void> {
  await deps.db.$executeRaw`
    UPDATE loan_application SET lease_owner = NULL, lease_until = NULL
     WHERE id = ${applicationId}::uuid AND fence_token = ${fence}`;
}

/** A write that only commits while we still hold the lease (row-locked for the transaction). */
export async function fenced<T>(
  deps: Pick<LendingDeps, "db" | "clock">,
  applicationId: string,
  fence: bigint,
  fn: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return runCommand(deps, ctxFor(deps, applicationId), async (uow) => {
    const held = await uow.tx.$executeRaw`
      UPDATE loan_application SET updated_at = ${uow.now}
       WHERE id = ${applicationId}::uuid AND fence_token = ${fence}`;
    if (held !== 1) throw new StaleLeaseError(`application ${applicationId}: lease ${fence} was taken over`);
    return fn(uow);
  });
}

function loadApplication(deps: LendingDeps, applicationId: string) {
  return deps.db.loanApplication.findUnique({
    where: { id: applicationId },
    include: { attempts: { orderBy: [{ startedAt: "asc" }, { seq: "asc" }] }, offers: true, store: true },
  });
}

export interface AdvanceOptions {
  owner?: string;
  /** Called right after an attempt is recorded IN_FLIGHT (tests use it to observe the mid-call state). */
  onInFlight?: (attempt: { lenderCode: string; kind: string; reference: string }) => void;
}

/**
 * Advances one application as far as it can go now (until it is OFFERED or finished). Safe to call any
 * number of times from any number of processes: the lease admits one; the others return at once.
 */
export async function advanceApplication(
  deps: LendingDeps,
  applicationId: string,
  options: AdvanceOptions = {},
): Promise<{ status: string } | { skipped: true }> {
  const owner = options.owner ?? `worker-${randomUUID()}`;
  const fence = await acquireLease(deps, applicationId, owner);
  if (fence === null) return { skipped: true };
  let lost = false;
  const heartbeat = setInterval(() => {
    renewLease(deps, applicationId, fence)
      .then((ok) => {
        if (!ok) lost = true;
      })
      .catch(() => undefined);
  }, leaseMs() / 3);
  try {
    return await run(deps, applicationId, fence, options, () => lost);
  } catch (error) {
    if (error instanceof StaleLeaseError) {
      logger.warn({ applicationId, fence: fence.toString() }, "lease taken over; this worker stops");
      return { skipped: true };
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
    await releaseLease(deps, applicationId, fence).catch(() => undefined);
  }
}

async function run(
  deps: LendingDeps,
  applicationId: string,
  fence: bigint,
  options: AdvanceOptions,
  leaseLost: () => boolean,
): Promise<{ status: string }> {
  for (let loop = 0; loop < 500; loop++) {
    if (leaseLost()) throw new StaleLeaseError("lease lost");
    const app = await loadApplication(deps, applicationId);
    if (!app) return { status: "MISSING" };
    if (TERMINAL.has(app.status) || app.status === "OFFERED") return { status: app.status };

    // Attempts a dead worker left in flight: their fate is unknown (the lender may have decided).
    const orphans = app.attempts.filter((attempt) => attempt.outcome === "IN_FLIGHT");
    if (orphans.length > 0) {
      await fenced(deps, applicationId, fence, async ({ tx, now, audit }) => {
        for (const attempt of orphans) {
          await tx.lenderAttempt.update({
            where: { id: attempt.id },
            data: {
              outcome: "UNKNOWN",
              reason: "the worker stopped before the answer was recorded",
              finishedAt: now,
            },
          });
        }
        audit({
          action: "lending.application.resumed",
          entityType: "loan_application",
          entityId: applicationId,
          after: { orphanedAttempts: orphans.map((a) => `${a.lenderCode}:${a.kind}:${a.seq}`) },
        });
      });
      continue;
    }

    if (app.status === "SUBMITTED") {
      await prepare(deps, app, fence);
      continue;
    }

    const outcome = await step(deps, app, fence, options);
    if (outcome.kind === "done") return { status: outcome.status };
    if (outcome.kind === "wait") {
      const ms = Math.max(20, Math.min(outcome.until.getTime() - deps.clock.now().getTime(), leaseMs() / 3));
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
  return { status: "IN_PROGRESS" };
}

// ───────────────────────────── preparation: bureau + rules ─────────────────────────────

async function fetchBureauScore(
  deps: LendingDeps,
  pan: string,
  consentReference: string,
): Promise<number | null> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await fetch(`${deps.sandboxUrl}/bureau/v1/score`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bureau-key": SANDBOX_BUREAU_KEY },
        body: JSON.stringify({ pan, consentReference }),
        signal: AbortSignal.timeout(3_000),
      });
      if (response.ok) {
        const body = (await response.json()) as { score: number | null };
        return body.score;
      }
      lastError = new Error(`bureau answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
  }
  throw lastError;
}

async function prepare(deps: LendingDeps, app: ApplicationRow, fence: bigint): Promise<void> {
  let score = app.bureauScore;
  let bureauLatencyMs = app.bureauLatencyMs;
  if (!app.bureauFetched) {
    try {
      const started = performance.now();
      score = await fetchBureauScore(deps, decryptSecret(app.panCiphertext), app.reference);
      bureauLatencyMs = Math.round(performance.now() - started);
    } catch (error) {
      await finish(deps, app, fence, "DECLINED", BUREAU_DOWN, { bureauError: String(error) });
      return;
    }
  }
  let selection: LenderSelection;
  try {
    const facts = deriveFacts({
      dateOfBirth: app.dateOfBirth,
      applicationAt: app.createdAt,
      bureauScore: score,
      monthlyIncomePaise: app.monthlyIncomePaise,
      employmentType: app.employmentType as "SALARIED",
      pincode: app.pincode,
      ticketPaise: app.ticketPaise,
      merchantCategory: app.store.merchantCategory,
    });
    selection = await selectLenders(
      { db: deps.db, redis: deps.redis, redisPrefix: deps.redisPrefix, clock: deps.clock },
      { applicationId: app.id, facts, ruleVersionId: app.ruleVersionId ?? undefined },
    );
  } catch (error) {
    logger.error({ err: error, applicationId: app.id }, "lender selection failed");
    throw error;
  }
  const enabled = new Set(
    (await deps.db.lenderConnector.findMany({ where: { enabled: true }, select: { code: true } })).map(
      (r) => r.code,
    ),
  );
  const plan: Plan = {
    lenders: selection.lenders.filter((lender) => enabled.has(lender.lenderCode)),
    ineligible: [
      ...selection.ineligible,
      ...selection.lenders
        .filter((lender) => !enabled.has(lender.lenderCode))
        .map((lender) => ({ lenderCode: lender.lenderCode, reason: "lender switched off by Flux" })),
    ],
  };
  await fenced(deps, app.id, fence, async ({ tx, audit }) => {
    await tx.loanApplication.update({
      where: { id: app.id },
      data: {
        bureauScore: score,
        bureauFetched: true,
        bureauLatencyMs,
        ruleVersionId: selection.ruleVersionId,
        ruleVersion: selection.ruleVersion,
        plan: plan as unknown as Prisma.InputJsonValue,
        status: "IN_PROGRESS",
      },
    });
    audit({
      action: "lending.application.planned",
      entityType: "loan_application",
      entityId: app.id,
      after: {
        bureauScoreBand:
          score === null ? "NO_HIT" : score >= 750 ? "750+" : score >= 650 ? "650-749" : "<650",
        ruleVersion: selection.ruleVersion,
        lenders: plan.lenders.map((l) => l.lenderCode),
        ineligible: plan.ineligible,
      },
    });
  });
  if (plan.lenders.length === 0) {
    const fresh = (await loadApplication(deps, app.id))!;
    await finish(deps, fresh, fence, "DECLINED", NO_ELIGIBLE_LENDER, { ineligible: plan.ineligible });
  }
}

// ───────────────────────────── lender progress ─────────────────────────────

type Progress =
  | { state: "PENDING" }
  | { state: "RETRY_WAIT"; at: Date }
  | { state: "INQUIRY_WAIT"; at: Date }
  | { state: "APPROVED" }
  | { state: "DECLINED"; reason: string | null }
  | { state: "FAILED"; reason: string | null; watch?: boolean }
  | { state: "SKIPPED"; reason: string | null }
  | { state: "UNRESOLVED" };

export function lenderProgress(
  attempts: readonly AttemptRow[],
  connector: LoadedConnector,
  hasOffer: boolean,
): Progress {
  const mine = attempts.filter((a) => a.kind !== "CANCEL");
  if (hasOffer) return { state: "APPROVED" };
  if (mine.length === 0) return { state: "PENDING" };
  const skipped = mine.find((a) => a.outcome === "SKIPPED");
  if (skipped) return { state: "SKIPPED", reason: skipped.reason };
  const last = mine[mine.length - 1]!;
  const finished = last.finishedAt ?? last.startedAt;
  if (last.outcome === "APPROVED") return { state: "APPROVED" };
  if (last.outcome === "DECLINED" || last.outcome === "CANCELLED")
    return { state: "DECLINED", reason: last.reason };
  if (last.outcome === "NOT_FOUND")
    return {
      state: "FAILED",
      reason: "the lender never received the application",
      // After a lost reply, "not found" may mean "still processing": keep watching it in reconciliation.
      watch: mine.some((a) => a.kind === "APPLY" && a.outcome === "UNKNOWN"),
    };
  if (last.outcome === "ERROR") return { state: "FAILED", reason: last.reason };
  const applies = mine.filter((a) => a.kind === "APPLY");
  const inquiries = mine.filter((a) => a.kind === "INQUIRY");
  const unknownApply = applies.some((a) => a.outcome === "UNKNOWN");
  if (!unknownApply && last.kind === "APPLY" && last.outcome === "RETRYABLE") {
    if (applies.length >= connector.descriptor.retry.maxAttempts)
      return { state: "FAILED", reason: last.reason };
    return {
      state: "RETRY_WAIT",
      at: new Date(
        finished.getTime() +
          backoffMs(connector.descriptor.retry.baseDelayMs, applies.length, last.requestId),
      ),
    };
  }
  // The application's fate at this lender is unknown: status inquiries on the bounded schedule.
  const delays = connector.descriptor.inquiry.delaysMs;
  if (inquiries.length >= delays.length) return { state: "UNRESOLVED" };
  return { state: "INQUIRY_WAIT", at: new Date(finished.getTime() + delays[inquiries.length]!) };
}

type StepOutcome = { kind: "done"; status: string } | { kind: "wait"; until: Date } | { kind: "progress" };

async function step(
  deps: LendingDeps,
  app: ApplicationRow,
  fence: bigint,
  options: AdvanceOptions,
): Promise<StepOutcome> {
  const plan = app.plan as unknown as Plan;
  const now = deps.clock.now();
  const connectors = new Map<string, LoadedConnector>();
  const progress = new Map<string, Progress>();
  for (const entry of plan.lenders) {
    const pinned = app.attempts.find((a) => a.lenderCode === entry.lenderCode)?.connectorVersion;
    const connector = await loadConnector(deps, entry.lenderCode, pinned);
    if (!connector) {
      progress.set(entry.lenderCode, { state: "FAILED", reason: "no connector" });
      continue;
    }
    connectors.set(entry.lenderCode, connector);
    const attempts = app.attempts.filter((a) => a.lenderCode === entry.lenderCode);
    const hasOffer = app.offers.some((o) => o.lenderCode === entry.lenderCode);
    progress.set(entry.lenderCode, lenderProgress(attempts, connector, hasOffer));
  }

  // What stays unknown after the inquiry schedule goes to reconciliation (once).
  // A lender that said "not found" after a lost reply may still commit late: it is watched there too.
  const unresolved = [...progress.entries()]
    .filter(([, p]) => p.state === "UNRESOLVED" || (p.state === "FAILED" && p.watch))
    .map(([code]) => code);
  await openReconciliation(deps, app, fence, unresolved);

  const open = (p: Progress | undefined) =>
    p?.state === "PENDING" || p?.state === "RETRY_WAIT" || p?.state === "INQUIRY_WAIT";
  let active: string[];
  if (app.mode === "WATERFALL") {
    const approved = plan.lenders.find((l) => progress.get(l.lenderCode)?.state === "APPROVED");
    const current = plan.lenders.find((l) => open(progress.get(l.lenderCode)));
    if (approved && (!current || approved.rank <= current.rank || !current)) {
      await offerUp(deps, app, fence);
      return { kind: "done", status: "OFFERED" };
    }
    if (!current) {
      await finish(deps, app, fence, "DECLINED", declineMessage(progress), summary(progress));
      return { kind: "done", status: "DECLINED" };
    }
    active = [current.lenderCode];
  } else {
    active = plan.lenders.filter((l) => open(progress.get(l.lenderCode))).map((l) => l.lenderCode);
    if (active.length === 0) {
      if (app.offers.length > 0) {
        await offerUp(deps, app, fence);
        return { kind: "done", status: "OFFERED" };
      }
      await finish(deps, app, fence, "DECLINED", declineMessage(progress), summary(progress));
      return { kind: "done", status: "DECLINED" };
    }
  }

  // The deadline and the call budget: no lender call starts after either runs out.
  if (now >= app.deadlineAt || app.callBudget <= 0) {
    const stillUnknown = active.filter((code) => progress.get(code)?.state === "INQUIRY_WAIT");
    await openReconciliation(deps, app, fence, stillUnknown);
    if (app.offers.length > 0) {
      await offerUp(deps, app, fence);
      return { kind: "done", status: "OFFERED" };
    }
    await finish(deps, app, fence, "DECLINED", TIMED_OUT, {
      ...summary(progress),
      deadline: now >= app.deadlineAt,
      budgetLeft: app.callBudget,
    });
    return { kind: "done", status: "DECLINED" };
  }

  const due: { code: string; kind: "APPLY" | "INQUIRY" }[] = [];
  let wakeAt = app.deadlineAt;
  for (const code of active) {
    const p = progress.get(code)!;
    if (p.state === "PENDING") due.push({ code, kind: "APPLY" });
    else if (p.state === "RETRY_WAIT" || p.state === "INQUIRY_WAIT") {
      if (p.at <= now) due.push({ code, kind: p.state === "RETRY_WAIT" ? "APPLY" : "INQUIRY" });
      else if (p.at < wakeAt) wakeAt = p.at;
    }
  }
  if (due.length === 0) return { kind: "wait", until: wakeAt };
  await Promise.all(
    due.map((item) => callLender(deps, app, fence, connectors.get(item.code)!, item.kind, options)),
  );
  return { kind: "progress" };
}

function summary(progress: Map<string, Progress>) {
  return Object.fromEntries([...progress.entries()].map(([code, p]) => [code, p.state]));
}

export const NO_ELIGIBLE_LENDER =
  "None of our lenders offers EMI for this purchase with the details you gave (for example your age, income, " +
  "employment or the amount). You can pay another way today, or try a smaller amount.";
export const BUREAU_DOWN =
  "We could not check your credit record just now, so no lender was asked. Please try again in a few minutes.";
export const TIMED_OUT =
  "The lenders did not answer in time. Nothing was approved and nothing is owed. Please try again in a few " +
  "minutes or pay another way.";
export const ALL_DECLINED =
  "The lenders we asked could not approve EMI for this purchase today. This does not stop you applying again " +
  "later; a smaller amount, or paying part now, often helps.";

function declineMessage(progress: Map<string, Progress>): string {
  const states = [...progress.values()].map((p) => p.state);
  if (states.some((s) => s === "DECLINED")) return ALL_DECLINED;
  return TIMED_OUT;
}

async function openReconciliation(deps: LendingDeps, app: ApplicationRow, fence: bigint, wanted: string[]) {
  if (wanted.length === 0) return;
  const existing = await deps.db.reconciliationItem.findMany({
    where: { applicationId: app.id },
    select: { lenderCode: true },
  });
  const codes = wanted.filter((code) => !existing.some((item) => item.lenderCode === code));
  if (codes.length === 0) return;
  await fenced(deps, app.id, fence, async ({ tx, audit }) => {
    for (const code of codes) {
      const reference = lenderReference(app.reference, code);
      const created = await tx.reconciliationItem.createMany({
        data: { applicationId: app.id, lenderCode: code, reference },
        skipDuplicates: true,
      });
      if (created.count === 1)
        audit({
          action: "lending.reconciliation.opened",
          entityType: "loan_application",
          entityId: app.id,
          after: { lenderCode: code, reference },
        });
    }
  });
}

export function lenderReference(applicationReference: string, lenderCode: string): string {
  return `${applicationReference}-${lenderCode.toUpperCase()}`;
}

export async function canonicalFor(
  app: Pick<
    ApplicationRow,
    | "reference"
    | "ticketPaise"
    | "bureauScore"
    | "panCiphertext"
    | "dateOfBirth"
    | "monthlyIncomePaise"
    | "employmentType"
    | "pincode"
  > & { store: { merchantCategory: string; code: string } },
  lenderCode: string,
): Promise<CanonicalApplication> {
  return {
    reference: lenderReference(app.reference, lenderCode),
    requestId: randomUUID(),
    callbackUrl: null,
    ticketPaise: app.ticketPaise,
    bureauScore: app.bureauScore,
    applicant: {
      pan: decryptSecret(app.panCiphertext),
      dateOfBirth: app.dateOfBirth,
      monthlyIncomePaise: app.monthlyIncomePaise,
      employmentType: app.employmentType,
      pincode: app.pincode,
    },
    merchant: { category: app.store.merchantCategory, storeCode: app.store.code },
  };
}

async function callLender(
  deps: LendingDeps,
  app: ApplicationRow,
  fence: bigint,
  connector: LoadedConnector,
  kind: "APPLY" | "INQUIRY",
  options: AdvanceOptions,
): Promise<void> {
  const code = connector.code;
  const breakerConfig = connector.descriptor.breaker;
  let probe = false;
  if (kind === "APPLY") {
    const permit = await allowCall(
      deps,
      code,
      breakerConfig,
      connector.descriptor.timeouts.requestMs + 2_000,
    );
    if (!permit.allowed) {
      await fenced(deps, app.id, fence, async ({ tx, now }) => {
        await tx.lenderAttempt.create({
          data: {
            applicationId: app.id,
            lenderCode: code,
            connectorVersion: connector.version,
            kind: "APPLY",
            seq: app.attempts.filter((a) => a.lenderCode === code && a.kind === "APPLY").length + 1,
            reference: lenderReference(app.reference, code),
            requestId: randomUUID(),
            outcome: "SKIPPED",
            reason: `circuit breaker ${permit.state.toLowerCase().replace("_", "-")}: lender skipped`,
            fenceToken: fence,
            startedAt: now,
            finishedAt: now,
            latencyMs: 0,
          },
        });
      });
      return;
    }
    probe = permit.probe;
  }
  const canonical = await canonicalFor(app, code);
  const seq = app.attempts.filter((a) => a.lenderCode === code && a.kind === kind).length + 1;
  // Record the attempt before the call leaves, and spend one unit of the call budget.
  const attempt = await fenced(deps, app.id, fence, async ({ tx, now }) => {
    const spent = await tx.$executeRaw`
      UPDATE loan_application SET call_budget = call_budget - 1 WHERE id = ${app.id}::uuid AND call_budget > 0`;
    if (spent !== 1) return null;
    return tx.lenderAttempt.create({
      data: {
        applicationId: app.id,
        lenderCode: code,
        connectorVersion: connector.version,
        kind,
        seq,
        reference: canonical.reference,
        requestId: canonical.requestId,
        outcome: "IN_FLIGHT",
        fenceToken: fence,
        startedAt: now,
      },
    });
  });
  if (!attempt) return;
  options.onInFlight?.({ lenderCode: code, kind, reference: canonical.reference });
  const remaining = app.deadlineAt.getTime() - deps.clock.now().getTime();
  let result: CallResult;
  try {
    result = await callOperation(deps, connector, kind === "APPLY" ? "apply" : "status", canonical, {
      timeoutMs: Math.max(200, Math.min(connector.descriptor.timeouts.requestMs, remaining)),
    });
  } catch (error) {
    // A mapping error (our descriptor cannot express this application): nothing was sent.
    result = {
      outcome: "RETRYABLE",
      httpStatus: null,
      latencyMs: 0,
      lenderReference: null,
      reason: `could not build the request: ${(error as Error).message}`.slice(0, 300),
      offer: null,
      reauthenticated: false,
      body: null,
    };
    await recordAttempt(deps, app, fence, connector, attempt.id, { ...result, outcome: "ERROR" as never });
    return;
  }
  if (kind === "APPLY")
    await recordCall(
      deps,
      code,
      breakerConfig,
      classifyForBreaker(result.outcome, result.latencyMs, breakerConfig),
      probe,
    ).catch(() => undefined);
  // An inquiry that fails or times out leaves the fate unknown, as before.
  if (kind === "INQUIRY" && (result.outcome === "RETRYABLE" || result.outcome === "AUTH_EXPIRED"))
    result = { ...result, outcome: "UNKNOWN" };
  if (result.outcome === "APPROVED" && !result.offer)
    result = { ...result, outcome: "UNKNOWN", reason: "approved, but the terms could not be read" };
  await recordAttempt(deps, app, fence, connector, attempt.id, result);
}

async function recordAttempt(
  deps: LendingDeps,
  app: ApplicationRow,
  fence: bigint,
  connector: LoadedConnector,
  attemptId: string,
  result: CallResult,
): Promise<void> {
  await fenced(deps, app.id, fence, async ({ tx, now, emit }) => {
    await tx.lenderAttempt.update({
      where: { id: attemptId },
      data: {
        outcome: result.outcome as never,
        httpStatus: result.httpStatus,
        latencyMs: result.latencyMs,
        lenderReference: result.lenderReference,
        reason: result.reason?.slice(0, 500) ?? (result.reauthenticated ? "re-authenticated once" : null),
        finishedAt: now,
      },
    });
    if (result.outcome === "APPROVED" && result.offer) {
      const current = await tx.loanApplication.findUniqueOrThrow({
        where: { id: app.id },
        select: { status: true },
      });
      const offerId = await createOffer(tx, app, connector, result, now);
      // Approved after the shopper cancelled or the application ended: release the hold at once.
      if (offerId && current.status !== "IN_PROGRESS") {
        await tx.lenderOffer.update({
          where: { id: offerId },
          data: {
            status: "RELEASED",
            releaseReason: `approved after the application was ${current.status.toLowerCase()}`,
          },
        });
        emit(releaseOfferJob, { offerId }, { jobId: `lending-release-${offerId}` });
      }
    }
  });
}

async function createOffer(
  tx: Prisma.TransactionClient,
  app: ApplicationRow,
  connector: LoadedConnector,
  result: CallResult,
  now: Date,
): Promise<string | null> {
  const shopper = await tx.user.findUniqueOrThrow({
    where: { id: app.shopperUserId },
    select: { name: true, phone: true },
  });
  const organisation = await tx.organisation.findUniqueOrThrow({
    where: { id: app.organisationId },
    select: { name: true },
  });
  const descriptor = connector.descriptor;
  const proposalNumber = `FLX-${app.reference}-${connector.code.toUpperCase()}`.slice(0, 40);
  const built = buildOffer({
    sanction: result.offer!,
    lender: {
      code: connector.code,
      name: connector.name,
      regulatoryStatus: descriptor.disclosure.regulatoryStatus,
      grievanceOfficer: {
        ...descriptor.disclosure.grievanceOfficer,
        designation: "Grievance Redressal Officer",
      },
    },
    proposalNumber,
    issuedAt: now,
    disbursalDate: istDate(now),
    borrower: { name: shopper.name, phone: shopper.phone ?? "" },
    merchant: { name: organisation.name, storeName: app.store.name },
    kfs: descriptor.kfs,
  });
  const created = await tx.lenderOffer.createManyAndReturn({
    data: {
      applicationId: app.id,
      lenderCode: connector.code,
      lenderName: connector.name,
      lenderReference: result.lenderReference ?? "unknown",
      reference: lenderReference(app.reference, connector.code),
      proposalNumber,
      principalPaise: built.quote.terms.principalPaise,
      tenorMonths: built.quote.instalmentCount,
      annualRateBps: built.quote.terms.annualRateBps,
      processingFeePaise: result.offer!.processingFeePaise,
      emiPaise: built.quote.emiPaise,
      aprBps: built.quote.aprBps,
      totalPayablePaise: built.quote.totalPayablePaise,
      terms: JSON.parse(JSON.stringify(built.terms, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
      kfs: built.kfsJson as Prisma.InputJsonValue,
      kfsValidUntil: built.kfs.validUntil,
    },
    skipDuplicates: true,
    select: { id: true },
  });
  return created[0]?.id ?? null;
}

/** Moves the application to OFFERED: the offers in their disclosed neutral order, an expiry scheduled. */
async function offerUp(deps: LendingDeps, app: ApplicationRow, fence: bigint): Promise<void> {
  await fenced(deps, app.id, fence, async ({ tx, audit, emit, now }) => {
    const offers = await tx.lenderOffer.findMany({ where: { applicationId: app.id, status: "OFFERED" } });
    const ordered = neutralOrder(offers);
    const shown = app.mode === "WATERFALL" ? ordered.slice(0, 1) : ordered;
    for (const [index, offer] of shown.entries())
      await tx.lenderOffer.update({ where: { id: offer.id }, data: { displayRank: index + 1 } });
    await tx.loanApplication.update({ where: { id: app.id }, data: { status: "OFFERED", decidedAt: now } });
    emit(
      expireApplicationJob,
      { applicationId: app.id },
      { jobId: `lending-expire-${app.id}`, delayMs: OFFER_WINDOW_MS },
    );
    audit({
      action: "lending.application.offered",
      entityType: "loan_application",
      entityId: app.id,
      before: { status: app.status },
      after: {
        status: "OFFERED",
        mode: app.mode,
        offers: shown.map((o, index) => ({ lenderCode: o.lenderCode, rank: index + 1, aprBps: o.aprBps })),
      },
    });
  });
}

/** Ends an application without a loan: release every hold, tell the shopper. */
export async function finish(
  deps: Pick<LendingDeps, "db" | "clock">,
  app: Pick<ApplicationRow, "id" | "status" | "shopperUserId" | "reference">,
  fence: bigint | null,
  status: "DECLINED" | "EXPIRED" | "CANCELLED",
  reason: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  const body = async (uow: UnitOfWork) => {
    const { tx, audit, emit, now } = uow;
    const moved = await tx.loanApplication.updateMany({
      where: { id: app.id, status: { in: ["SUBMITTED", "IN_PROGRESS", "OFFERED"] } },
      data: { status, declineReason: reason, decidedAt: now },
    });
    if (moved.count !== 1) return;
    const held = await tx.lenderOffer.findMany({ where: { applicationId: app.id, status: "OFFERED" } });
    for (const offer of held) {
      await tx.lenderOffer.update({
        where: { id: offer.id },
        data: { status: "RELEASED", releaseReason: `application ${status.toLowerCase()}` },
      });
      emit(releaseOfferJob, { offerId: offer.id }, { jobId: `lending-release-${offer.id}` });
    }
    const shopper = await tx.user.findUnique({ where: { id: app.shopperUserId }, select: { phone: true } });
    if (shopper?.phone) {
      const text =
        status === "DECLINED"
          ? `Flux: your EMI application ${app.reference} was not approved. ${reason}`
          : status === "EXPIRED"
            ? `Flux: the EMI offers for ${app.reference} expired and were released. Nothing is owed.`
            : `Flux: your EMI application ${app.reference} was cancelled. Nothing is owed.`;
      await queueSms(uow, {
        to: shopper.phone,
        template: `lending.application.${status.toLowerCase()}`,
        body: text.slice(0, 900),
        preview: text.slice(0, 120),
      });
    }
    audit({
      action: `lending.application.${status.toLowerCase()}`,
      entityType: "loan_application",
      entityId: app.id,
      before: { status: app.status },
      after: { status, reason, released: held.map((o) => o.lenderCode), ...details },
    });
  };
  if (fence === null) await runCommand(deps, ctxFor(deps, app.id), body);
  else await fenced(deps, app.id, fence, body);
}
