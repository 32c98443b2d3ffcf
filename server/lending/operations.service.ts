/**
 * Background work around the orchestrator: releasing holds at lenders (compensation), expiring offers
 * nobody accepted, resuming applications whose worker died, and the reconciliation queue (status
 * inquiries for lender calls whose outcome stayed unknown).
 */
import { randomUUID } from "node:crypto";
import { systemActor } from "../platform/actor";
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { callOperation } from "./connectors/client";
import { loadConnector } from "./connectors/registry";
import { advanceApplicationJob, releaseOfferJob } from "./jobs";
import { canonicalFor, finish, type LendingDeps } from "./orchestrator/orchestrator";

const ctxOf = (
  deps: LendingDeps,
  name: string,
  correlationId = `${name}-${randomUUID()}`,
): CommandContext => ({
  actor: systemActor(name),
  correlationId,
  ip: null,
  clock: deps.clock,
});

/** Cancels a released offer's sanction at its lender; throws (so the job retries) until the lender confirms. */
export async function releaseOffer(deps: LendingDeps, offerId: string) {
  const offer = await deps.db.lenderOffer.findUnique({
    where: { id: offerId },
    include: { application: { include: { store: true } } },
  });
  if (!offer || offer.releasedAtLender) return { released: false, reason: "nothing to release" };
  if (offer.status !== "RELEASED") return { released: false, reason: `offer is ${offer.status}` };
  const connector = await loadConnector(deps, offer.lenderCode);
  if (!connector?.descriptor.operations.cancel) {
    await runCommand(deps, ctxOf(deps, "lending-release"), async ({ tx, audit }) => {
      await tx.lenderOffer.update({ where: { id: offer.id }, data: { releasedAtLender: true } });
      audit({
        action: "lending.offer.lapsed",
        entityType: "loan_application",
        entityId: offer.applicationId,
        after: {
          offerId,
          lenderCode: offer.lenderCode,
          note: "lender has no cancel call; the sanction lapses",
        },
      });
    });
    return { released: true, reason: "lapses at lender" };
  }
  const canonical = await canonicalFor(offer.application, offer.lenderCode);
  const started = deps.clock.now();
  const result = await callOperation(deps, connector, "cancel", canonical);
  const confirmed = ["CANCELLED", "NOT_FOUND", "DECLINED"].includes(result.outcome);
  await runCommand(deps, ctxOf(deps, "lending-release"), async ({ tx, audit, now }) => {
    const seq =
      (await tx.lenderAttempt.count({
        where: { applicationId: offer.applicationId, lenderCode: offer.lenderCode, kind: "CANCEL" },
      })) + 1;
    await tx.lenderAttempt.create({
      data: {
        applicationId: offer.applicationId,
        lenderCode: offer.lenderCode,
        connectorVersion: connector.version,
        kind: "CANCEL",
        seq,
        reference: canonical.reference,
        requestId: canonical.requestId,
        outcome: confirmed ? "CANCELLED" : (result.outcome as never),
        httpStatus: result.httpStatus,
        latencyMs: result.latencyMs,
        reason: result.reason,
        fenceToken: offer.application.fenceToken,
        startedAt: started,
        finishedAt: now,
      },
    });
    if (confirmed) {
      await tx.lenderOffer.update({ where: { id: offer.id }, data: { releasedAtLender: true } });
      audit({
        action: "lending.offer.released",
        entityType: "loan_application",
        entityId: offer.applicationId,
        after: { offerId, lenderCode: offer.lenderCode, reason: offer.releaseReason },
      });
    }
  });
  if (!confirmed) throw new Error(`${offer.lenderCode} did not confirm the release (${result.outcome})`);
  return { released: true };
}

export async function expireApplication(deps: LendingDeps, applicationId: string) {
  const app = await deps.db.loanApplication.findUnique({ where: { id: applicationId } });
  if (app?.status !== "OFFERED") return { expired: false };
  await finish(deps, app!, null, "EXPIRED", "The offers were not accepted in time and have been released.");
  return { expired: true };
}

/**
 * Resumes applications whose worker died (lease expired while still in progress), checks open
 * reconciliation items, and re-sends releases the lender has not confirmed.
 */
export async function sweep(deps: LendingDeps, options: { reconcileEveryMs?: number } = {}) {
  const now = deps.clock.now();
  const stalled = await deps.db.loanApplication.findMany({
    where: {
      status: { in: ["SUBMITTED", "IN_PROGRESS"] },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      updatedAt: { lt: new Date(now.getTime() - 3_000) },
    },
    select: { id: true },
    take: 200,
  });
  const unreleased = await deps.db.lenderOffer.findMany({
    where: {
      status: "RELEASED",
      releasedAtLender: false,
      updatedAt: { lt: new Date(now.getTime() - 60_000) },
    },
    select: { id: true },
    take: 200,
  });
  if (stalled.length || unreleased.length) {
    const bucket = Math.floor(now.getTime() / 5_000);
    await runCommand(deps, ctxOf(deps, "lending-sweep"), async ({ emit }) => {
      for (const row of stalled)
        emit(
          advanceApplicationJob,
          { applicationId: row.id },
          { jobId: `lending-advance-${row.id}-sweep${bucket}` },
        );
      for (const row of unreleased)
        emit(releaseOfferJob, { offerId: row.id }, { jobId: `lending-release-${row.id}-sweep${bucket}` });
    });
  }
  const due = await deps.db.reconciliationItem.findMany({
    where: {
      status: "OPEN",
      OR: [
        { lastCheckedAt: null },
        { lastCheckedAt: { lt: new Date(now.getTime() - (options.reconcileEveryMs ?? 30_000)) } },
      ],
    },
    take: 20,
  });
  let resolved = 0;
  for (const item of due) if ((await checkReconciliation(deps, item.id)).resolved) resolved++;
  return { resumed: stalled.length, releases: unreleased.length, reconciled: resolved, checked: due.length };
}

/** How long after a lost reply a lender's "not found" is believed (a slow request may still commit). */
export const NOT_FOUND_SETTLES_AFTER_MS = 5 * 60_000;

/**
 * Asks the lender what became of an unknown call. Approved: the sanction is released at once unless this
 * application is still waiting for exactly this lender (a late approval never makes a second loan).
 */
export async function checkReconciliation(deps: LendingDeps, itemId: string, ctx?: CommandContext) {
  const item = await deps.db.reconciliationItem.findUnique({ where: { id: itemId } });
  if (!item) throw new AppError("NOT_FOUND", "No such reconciliation item.");
  if (item.status === "RESOLVED") return { resolved: true, outcome: item.resolution };
  const app = await deps.db.loanApplication.findUniqueOrThrow({
    where: { id: item.applicationId },
    include: { store: true },
  });
  const connector = await loadConnector(deps, item.lenderCode);
  if (!connector) throw new AppError("NOT_FOUND", "The lender's connector is missing.");
  const canonical = await canonicalFor(app, item.lenderCode);
  const result = await callOperation(deps, connector, "status", canonical);
  // "Not found" settles an item only once the lender has had time to finish a slow request.
  const settled = deps.clock.now().getTime() - item.createdAt.getTime() >= NOT_FOUND_SETTLES_AFTER_MS;
  const final =
    ["APPROVED", "DECLINED", "CANCELLED"].includes(result.outcome) ||
    (result.outcome === "NOT_FOUND" && settled);
  await runCommand(deps, ctx ?? ctxOf(deps, "lending-reconciliation"), async ({ tx, audit, emit, now }) => {
    await tx.reconciliationItem.update({
      where: { id: item.id },
      data: {
        inquiries: { increment: 1 },
        lastCheckedAt: now,
        ...(final
          ? {
              status: "RESOLVED",
              resolvedAt: now,
              resolution:
                result.outcome === "APPROVED"
                  ? "approved at the lender; the sanction was released (the application had moved on)"
                  : `lender says ${result.outcome.toLowerCase().replace("_", " ")}`,
            }
          : {}),
      },
    });
    if (result.outcome === "APPROVED") {
      // The application moved on without this lender: cancel its sanction so no second loan exists.
      const releaseId = randomUUID();
      await tx.lenderOffer.createMany({
        data: {
          id: releaseId,
          applicationId: app.id,
          lenderCode: item.lenderCode,
          lenderName: connector.name,
          lenderReference: result.lenderReference ?? "unknown",
          reference: item.reference,
          proposalNumber: `REC-${item.reference}`.slice(0, 40),
          principalPaise: result.offer?.principalPaise ?? app.ticketPaise,
          tenorMonths: result.offer?.tenorMonths ?? 1,
          annualRateBps: result.offer?.annualRateBps ?? 0,
          processingFeePaise: result.offer?.processingFeePaise ?? 0n,
          emiPaise: 1n,
          aprBps: 0,
          totalPayablePaise: app.ticketPaise,
          terms: {},
          kfs: {},
          kfsValidUntil: "",
          status: "RELEASED",
          releaseReason: "late approval found by reconciliation",
        },
        skipDuplicates: true,
      });
      const offer = await tx.lenderOffer.findUniqueOrThrow({
        where: { applicationId_lenderCode: { applicationId: app.id, lenderCode: item.lenderCode } },
      });
      if (offer.status === "RELEASED" && !offer.releasedAtLender)
        emit(releaseOfferJob, { offerId: offer.id }, { jobId: `lending-release-${offer.id}-rec` });
    }
    audit({
      action: final ? "lending.reconciliation.resolved" : "lending.reconciliation.checked",
      entityType: "loan_application",
      entityId: app.id,
      after: { lenderCode: item.lenderCode, reference: item.reference, outcome: result.outcome },
    });
  });
  return { resolved: final, outcome: result.outcome };
}

export async function resolveReconciliationManually(
  deps: LendingDeps,
  ctx: CommandContext,
  input: { itemId: string; note: string },
) {
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const item = await tx.reconciliationItem.findUnique({ where: { id: input.itemId } });
    if (!item) throw new AppError("NOT_FOUND", "No such reconciliation item.");
    if (item.status === "RESOLVED") throw new AppError("CONFLICT", "This item is already resolved.");
    await tx.reconciliationItem.update({
      where: { id: item.id },
      data: { status: "RESOLVED", resolvedAt: now, resolution: `manual: ${input.note}` },
    });
    audit({
      action: "lending.reconciliation.resolved-manually",
      entityType: "loan_application",
      entityId: item.applicationId,
      after: { lenderCode: item.lenderCode, note: input.note },
    });
    return { itemId: item.id };
  });
}
