/** Verification runs: requested (admin button or schedule), executed by a maintenance job. */
import { systemActor } from "../actor";
import type { Clock } from "../clock";
import type { Db, Prisma } from "../db/client";
import { AppError } from "../errors";
import { verifyAuditJob } from "../jobs";
import { type CommandContext, runCommand } from "../unit-of-work";
import { verifyAuditTrail } from "./audit-chain.service";

export async function requestAuditVerification(
  deps: { db: Db },
  ctx: CommandContext,
): Promise<{ verificationId: string }> {
  return runCommand(deps, ctx, async ({ tx, audit, emit, now }) => {
    const running = await tx.auditVerification.findFirst({
      where: { finishedAt: null, startedAt: { gt: new Date(now.getTime() - 10 * 60_000) } },
      select: { id: true },
    });
    if (running) return { verificationId: running.id };
    const verification = await tx.auditVerification.create({
      data: { startedAt: now, requestedBy: ctx.actor.auditId },
      select: { id: true },
    });
    audit({
      action: "audit.verification_requested",
      entityType: "audit_verification",
      entityId: verification.id,
    });
    emit(verifyAuditJob, { verificationId: verification.id }, { jobId: `audit-verify.${verification.id}` });
    return { verificationId: verification.id };
  });
}

/** Runs a requested verification and records its result (the job's body). */
export async function runAuditVerification(deps: { db: Db; clock: Clock }, verificationId: string) {
  const verification = await deps.db.auditVerification.findUnique({ where: { id: verificationId } });
  if (!verification) throw new AppError("NOT_FOUND", `verification ${verificationId} does not exist`);
  if (verification.finishedAt) return verification;
  const result = await verifyAuditTrail(deps.db);
  const ctx = {
    actor: systemActor("audit-verifier"),
    correlationId: `audit-verify-${verificationId}`,
    ip: null,
    clock: deps.clock,
  };
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const finished = await tx.auditVerification.update({
      where: { id: verificationId },
      data: {
        finishedAt: now,
        ok: result.ok,
        eventsChecked: result.eventsChecked,
        chainsChecked: result.chainsChecked,
        anchorsChecked: result.anchorsChecked,
        firstBreak: result.firstBreak
          ? ({ ...result.firstBreak, breakCount: result.breakCount } as Prisma.InputJsonValue)
          : undefined,
      },
    });
    audit({
      action: result.ok ? "audit.verification_passed" : "audit.verification_failed",
      entityType: "audit_verification",
      entityId: verificationId,
      data: {
        eventsChecked: result.eventsChecked,
        breakCount: result.breakCount,
        firstBreak: result.firstBreak ?? null,
      },
    });
    return finished;
  });
}

export async function listAuditVerifications(db: Db, limit = 10) {
  return db.auditVerification.findMany({ orderBy: { startedAt: "desc" }, take: limit });
}
