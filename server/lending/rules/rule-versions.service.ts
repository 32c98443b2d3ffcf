/**
 * Rule versions: drafts are edited by the risk team, simulated against recorded applications, submitted
 * for approval and published by a SECOND admin (maker-checker: nobody who created, edited or submitted a
 * version may approve it; the database enforces it too). Published versions are immutable (trigger).
 * Every change is audited through runCommand; a publish is announced on Redis pub/sub after commit so
 * every web and worker process switches at once.
 */
import type { Db, Prisma } from "../../platform/db/client";
import { Prisma as PrismaRuntime } from "../../platform/db/generated/client";
import { AppError } from "../../platform/errors";
import { type CommandContext, runCommand } from "../../platform/unit-of-work";
import { contentHash } from "./content-hash";
import { diffModels } from "./domain/diff";
import type { LenderSelectionFacts } from "./domain/facts";
import {
  checkDecisionModel,
  type DecisionModel,
  DecisionModelError,
  describeProblem,
  interpretResult,
} from "./domain/jdm";
import { type SimulationItem, type SimulationSummary, summariseSimulation } from "./domain/simulation";
import { type RulesRuntime, type RulesRuntimeDeps, rulesRuntimeFor } from "./runtime";

export type RulesDeps = RulesRuntimeDeps & { rules?: RulesRuntime };

const runtimeOf = (deps: RulesDeps) => deps.rules ?? rulesRuntimeFor(deps);

const VERSION_SUMMARY = {
  id: true,
  version: true,
  status: true,
  title: true,
  contentHash: true,
  basedOnId: true,
  createdById: true,
  editorIds: true,
  submittedById: true,
  submittedAt: true,
  approvedById: true,
  publishedAt: true,
  rejectedById: true,
  rejectionNote: true,
  createdAt: true,
  updatedAt: true,
} as const;

async function peopleNames(db: Db, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!unique.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

async function currentPublishedId(db: Db): Promise<string | null> {
  const row = await db.lendingRuleVersion.findFirst({
    where: { status: "PUBLISHED" },
    orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
    select: { id: true },
  });
  return row?.id ?? null;
}

export async function listRuleVersions(db: Db) {
  const rows = await db.lendingRuleVersion.findMany({
    select: VERSION_SUMMARY,
    orderBy: { version: "desc" },
  });
  const names = await peopleNames(
    db,
    rows.flatMap((row) => [row.createdById, row.submittedById, row.approvedById]),
  );
  const currentId = await currentPublishedId(db);
  return rows.map((row) => ({
    ...row,
    current: row.id === currentId,
    createdByName: row.createdById ? (names.get(row.createdById) ?? "Unknown") : "System (seed)",
    submittedByName: row.submittedById ? (names.get(row.submittedById) ?? "Unknown") : null,
    approvedByName: row.approvedById ? (names.get(row.approvedById) ?? "Unknown") : null,
  }));
}

export async function getRuleVersion(db: Db, id: string, viewerId?: string | null) {
  const row = await db.lendingRuleVersion.findUnique({
    where: { id },
    select: { ...VERSION_SUMMARY, content: true, simulation: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "That rule version does not exist.");
  const names = await peopleNames(db, [
    row.createdById,
    row.submittedById,
    row.approvedById,
    row.rejectedById,
    ...row.editorIds,
  ]);
  const currentId = await currentPublishedId(db);
  const makers = new Set([row.createdById, row.submittedById, ...row.editorIds].filter(Boolean));
  return {
    ...row,
    content: row.content as unknown as DecisionModel,
    simulation: row.simulation as unknown as (SimulationSummary & { ranAt: string; limit: number }) | null,
    current: row.id === currentId,
    names: Object.fromEntries(names),
    /** Whether the viewer took part in making this version (and so may not approve it). */
    viewerIsMaker: viewerId ? makers.has(viewerId) : false,
  };
}

/** The diff of a version against the version it was based on (or another version). */
export async function diffRuleVersion(db: Db, input: { id: string; againstId?: string }) {
  const row = await db.lendingRuleVersion.findUnique({
    where: { id: input.id },
    select: { id: true, version: true, content: true, basedOnId: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "That rule version does not exist.");
  const againstId = input.againstId ?? row.basedOnId;
  const against = againstId
    ? await db.lendingRuleVersion.findUnique({
        where: { id: againstId },
        select: { id: true, version: true, content: true },
      })
    : await db.lendingRuleVersion.findFirst({
        where: { version: { lt: row.version }, status: "PUBLISHED" },
        orderBy: { version: "desc" },
        select: { id: true, version: true, content: true },
      });
  if (!against) return { version: row.version, againstVersion: null, diff: null };
  return {
    version: row.version,
    againstVersion: against.version,
    diff: diffModels(against.content as unknown as DecisionModel, row.content as unknown as DecisionModel),
  };
}

/** Validates a model and that ZEN compiles it; a clear, located error otherwise. */
function validModel(runtime: RulesRuntime, content: unknown): DecisionModel {
  try {
    const model = checkDecisionModel(content);
    runtime.compileModel(model);
    return model;
  } catch (error) {
    if (error instanceof DecisionModelError)
      throw new AppError("UNPROCESSABLE", error.message, {
        cause: error,
        details: {
          problems: error.problems.map((problem) => ({ ...problem, text: describeProblem(problem) })),
        },
      });
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new AppError("UNPROCESSABLE", `The decision engine refused this model: ${message}`, {
      cause: error,
    });
  }
}

async function lockedVersion(tx: Prisma.TransactionClient, id: string) {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM lending_rule_version WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows.length) throw new AppError("NOT_FOUND", "That rule version does not exist.");
  return tx.lendingRuleVersion.findUniqueOrThrow({
    where: { id },
    select: { ...VERSION_SUMMARY, content: true },
  });
}

function requireUser(ctx: CommandContext): string {
  if (!ctx.actor.userId) throw new AppError("FORBIDDEN", "Only a signed-in person can change rules.");
  return ctx.actor.userId;
}

export async function createDraft(
  deps: RulesDeps,
  ctx: CommandContext,
  input: { title: string; basedOnId?: string; content?: unknown },
) {
  const userId = requireUser(ctx);
  const explicit = input.content === undefined ? null : validModel(runtimeOf(deps), input.content);
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtextextended('lending_rule_version', 7))");
    const base = input.basedOnId
      ? await tx.lendingRuleVersion.findUnique({ where: { id: input.basedOnId } })
      : await tx.lendingRuleVersion.findFirst({
          where: { status: "PUBLISHED" },
          orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
        });
    if (input.basedOnId && !base)
      throw new AppError("NOT_FOUND", "The version to start from does not exist.");
    const model = explicit ?? (base?.content as unknown as DecisionModel | undefined);
    if (!model)
      throw new AppError("PRECONDITION_FAILED", "There is no version to start from: give the content.");
    const last = await tx.lendingRuleVersion.aggregate({ _max: { version: true } });
    const version = (last._max.version ?? 0) + 1;
    const row = await tx.lendingRuleVersion.create({
      data: {
        version,
        status: "DRAFT",
        title: input.title,
        content: model as unknown as Prisma.InputJsonValue,
        contentHash: contentHash(model),
        basedOnId: base?.id ?? null,
        createdById: userId,
        editorIds: [userId],
        createdAt: now,
        updatedAt: now,
      },
      select: { id: true, version: true, contentHash: true },
    });
    audit({
      action: "lending.rules.draft_created",
      entityType: "lending_rule_version",
      entityId: row.id,
      after: {
        version,
        title: input.title,
        basedOnVersion: base?.version ?? null,
        contentHash: row.contentHash,
      },
    });
    return row;
  });
}

export async function updateDraft(
  deps: RulesDeps,
  ctx: CommandContext,
  input: { id: string; title?: string; content: unknown; expectedHash: string },
) {
  const userId = requireUser(ctx);
  const model = validModel(runtimeOf(deps), input.content);
  const hash = contentHash(model);
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const before = await lockedVersion(tx, input.id);
    if (before.status !== "DRAFT")
      throw new AppError(
        "PRECONDITION_FAILED",
        before.status === "PUBLISHED"
          ? `Version ${before.version} is published and cannot change. Start a new draft from it.`
          : `Version ${before.version} is ${before.status === "PENDING_APPROVAL" ? "awaiting approval" : "discarded"}; return it to draft to edit.`,
      );
    if (before.contentHash !== input.expectedHash)
      throw new AppError(
        "CONFLICT",
        "Someone else changed this draft since you opened it. Reload to see their changes.",
      );
    const diff = diffModels(before.content as unknown as DecisionModel, model);
    const row = await tx.lendingRuleVersion.update({
      where: { id: input.id },
      data: {
        content: model as unknown as Prisma.InputJsonValue,
        contentHash: hash,
        title: input.title ?? before.title,
        editorIds: before.editorIds.includes(userId) ? before.editorIds : [...before.editorIds, userId],
        // A changed model invalidates the last simulation.
        simulation: hash === before.contentHash ? undefined : PrismaRuntime.DbNull,
        updatedAt: now,
      },
      select: { id: true, version: true, contentHash: true },
    });
    audit({
      action: "lending.rules.draft_updated",
      entityType: "lending_rule_version",
      entityId: row.id,
      before: { contentHash: before.contentHash, title: before.title },
      after: { contentHash: hash, title: input.title ?? before.title },
      data: {
        rowsChanged: diff.tables.reduce((n, t) => n + t.rowsChanged.length, 0),
        rowsAdded: diff.tables.reduce((n, t) => n + t.rowsAdded.length, 0),
        rowsRemoved: diff.tables.reduce((n, t) => n + t.rowsRemoved.length, 0),
      },
    });
    return row;
  });
}

export async function submitForApproval(deps: RulesDeps, ctx: CommandContext, input: { id: string }) {
  const userId = requireUser(ctx);
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const before = await lockedVersion(tx, input.id);
    if (before.status !== "DRAFT")
      throw new AppError(
        "PRECONDITION_FAILED",
        `Only a draft can be sent for approval (version ${before.version} is ${before.status}).`,
      );
    validModel(runtimeOf(deps), before.content);
    await tx.lendingRuleVersion.update({
      where: { id: input.id },
      data: {
        status: "PENDING_APPROVAL",
        submittedById: userId,
        submittedAt: now,
        rejectedById: null,
        rejectionNote: null,
        updatedAt: now,
      },
    });
    audit({
      action: "lending.rules.submitted",
      entityType: "lending_rule_version",
      entityId: input.id,
      before: { status: before.status },
      after: { status: "PENDING_APPROVAL", contentHash: before.contentHash },
    });
    return { id: input.id, version: before.version, status: "PENDING_APPROVAL" as const };
  });
}

/** A second admin approves a version awaiting approval; it is published at once. */
export async function approveAndPublish(
  deps: RulesDeps,
  ctx: CommandContext,
  input: { id: string; expectedHash: string },
) {
  const userId = requireUser(ctx);
  const runtime = runtimeOf(deps);
  return runCommand(deps, ctx, async ({ tx, audit, now, afterCommit }) => {
    const before = await lockedVersion(tx, input.id);
    if (before.status !== "PENDING_APPROVAL")
      throw new AppError(
        "PRECONDITION_FAILED",
        `Version ${before.version} is not awaiting approval (it is ${before.status}).`,
      );
    if (before.contentHash !== input.expectedHash)
      throw new AppError("CONFLICT", "This version is not the one you reviewed. Reload it before approving.");
    if (before.createdById === userId || before.submittedById === userId || before.editorIds.includes(userId))
      throw new AppError(
        "FORBIDDEN",
        "You created, edited or submitted this version, so another admin must approve it (maker-checker).",
      );
    validModel(runtime, before.content);
    const previous = await tx.lendingRuleVersion.findFirst({
      where: { status: "PUBLISHED" },
      orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
      select: { id: true, version: true },
    });
    await tx.lendingRuleVersion.update({
      where: { id: input.id },
      data: { status: "PUBLISHED", approvedById: userId, publishedAt: now, updatedAt: now },
    });
    audit({
      action: "lending.rules.published",
      entityType: "lending_rule_version",
      entityId: input.id,
      before: { status: before.status, currentVersion: previous?.version ?? null },
      after: {
        status: "PUBLISHED",
        version: before.version,
        contentHash: before.contentHash,
        approvedBy: userId,
      },
    });
    afterCommit(() => runtime.announce(input.id, before.version));
    return { id: input.id, version: before.version, status: "PUBLISHED" as const, publishedAt: now };
  });
}

/** Sends a version awaiting approval back to draft (a reviewer's rejection or the author's withdrawal). */
export async function returnToDraft(
  deps: RulesDeps,
  ctx: CommandContext,
  input: { id: string; note: string },
) {
  const userId = requireUser(ctx);
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const before = await lockedVersion(tx, input.id);
    if (before.status !== "PENDING_APPROVAL")
      throw new AppError("PRECONDITION_FAILED", `Version ${before.version} is not awaiting approval.`);
    await tx.lendingRuleVersion.update({
      where: { id: input.id },
      data: {
        status: "DRAFT",
        submittedById: null,
        submittedAt: null,
        rejectedById: userId,
        rejectionNote: input.note,
        updatedAt: now,
      },
    });
    audit({
      action: "lending.rules.returned_to_draft",
      entityType: "lending_rule_version",
      entityId: input.id,
      before: { status: before.status },
      after: { status: "DRAFT" },
      data: { note: input.note },
    });
    return { id: input.id, version: before.version, status: "DRAFT" as const };
  });
}

export async function discardDraft(deps: RulesDeps, ctx: CommandContext, input: { id: string }) {
  requireUser(ctx);
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const before = await lockedVersion(tx, input.id);
    if (before.status !== "DRAFT")
      throw new AppError(
        "PRECONDITION_FAILED",
        `Only a draft can be discarded (version ${before.version} is ${before.status}).`,
      );
    await tx.lendingRuleVersion.update({
      where: { id: input.id },
      data: { status: "DISCARDED", updatedAt: now },
    });
    audit({
      action: "lending.rules.discarded",
      entityType: "lending_rule_version",
      entityId: input.id,
      before: { status: before.status },
      after: { status: "DISCARDED" },
    });
    return { id: input.id, version: before.version, status: "DISCARDED" as const };
  });
}

/**
 * Runs a version against the facts of the last `limit` recorded applications and compares it with the
 * current published version on the same facts. A draft keeps the summary (shown to the approver).
 */
export async function simulateVersion(
  deps: RulesDeps,
  ctx: CommandContext,
  input: { id: string; limit: number },
) {
  requireUser(ctx);
  const runtime = runtimeOf(deps);
  const target = await runtime.versionById(input.id).catch((error) => {
    if (error instanceof DecisionModelError)
      throw new AppError("UNPROCESSABLE", error.message, { cause: error });
    throw error;
  });
  if (!target) throw new AppError("NOT_FOUND", "That rule version does not exist.");
  const baseline = await runtime.currentVersion();
  const recorded = await deps.db.lendingRuleEvaluation.findMany({
    orderBy: [{ evaluatedAt: "desc" }, { applicationId: "asc" }],
    take: input.limit,
    select: { applicationId: true, facts: true, evaluatedAt: true, version: true },
  });
  const items: SimulationItem[] = [];
  for (const row of recorded) {
    const facts = row.facts as unknown as LenderSelectionFacts;
    const [before, after] = await Promise.all([
      baseline.decision.evaluate(facts),
      target.decision.evaluate(facts),
    ]);
    items.push({
      applicationId: row.applicationId,
      evaluatedAt: row.evaluatedAt.toISOString(),
      before: interpretResult(baseline.lenders, before.result),
      after: interpretResult(target.lenders, after.result),
    });
  }
  const summary = {
    ...summariseSimulation(items),
    ranAt: ctx.clock.now().toISOString(),
    limit: input.limit,
    baselineVersion: baseline.version,
    version: target.version,
    /** Replayed applications that were actually decided under an older version than the live one. */
    decidedUnderOtherVersions: recorded.filter((row) => row.version !== baseline.version).length,
  };
  if (target.status === "DRAFT") {
    await runCommand(deps, ctx, async ({ tx, audit }) => {
      const before = await lockedVersion(tx, input.id);
      if (before.status !== "DRAFT" || before.contentHash !== target.contentHash) return;
      await tx.lendingRuleVersion.update({
        where: { id: input.id },
        data: { simulation: summary as unknown as Prisma.InputJsonValue },
      });
      audit({
        action: "lending.rules.simulated",
        entityType: "lending_rule_version",
        entityId: input.id,
        data: {
          applications: summary.applications,
          gainedAccess: summary.gainedAccess,
          lostAccess: summary.lostAccess,
          orderChanged: summary.orderChanged,
          baselineVersion: baseline.version,
        },
      });
    });
  }
  return summary;
}
