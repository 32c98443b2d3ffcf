/**
 * The lender selector: which lenders see an application, in what order, and why the others do not.
 *
 *   const facts = deriveFacts({ dateOfBirth, applicationAt, bureauScore, ... });
 *   const selection = await selectLenders(deps, { applicationId, facts });
 *
 * `selectLenders` evaluates the current published rule version (or the one given, e.g. the version the
 * application started with) with GoRules ZEN and records, once per application, the exact version, the
 * facts, the result and the engine's trace (`lending_rule_evaluation`). Calling it again for the same
 * application returns the recorded selection: an application in flight keeps its version even if a new
 * one is published meanwhile.
 */
import type { Redis } from "ioredis";
import { systemActor } from "../../platform/actor";
import { type Clock, systemClock } from "../../platform/clock";
import type { Db, Prisma } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { currentContext } from "../../platform/request-context";
import { runCommand } from "../../platform/unit-of-work";
import { deriveFacts as deriveFactsPure, FactsError, type LenderSelectionFacts } from "./domain/facts";
import { type IneligibleLender, interpretResult, type RankedLender } from "./domain/jdm";
import { type CompiledVersion, NoPublishedRulesError, type RulesRuntime, rulesRuntimeFor } from "./runtime";

export type { EmploymentType, LenderSelectionFacts, LenderSelectionInput } from "./domain/facts";
export { BUREAU_BANDS, EMPLOYMENT_TYPES, FactsError, MERCHANT_CATEGORIES } from "./domain/facts";

export interface LenderSelection {
  ruleVersionId: string;
  ruleVersion: number;
  lenders: RankedLender[];
  ineligible: IneligibleLender[];
  trace: unknown;
}

export interface SelectorDeps {
  db: Db;
  redis?: Redis;
  redisPrefix?: string;
  clock?: Clock;
  /** The process's rules runtime; defaults to the one for `db`. */
  rules?: RulesRuntime;
}

/**
 * Pure: age at the application date in IST, bureau band (NO_HIT when there is no score), whole-rupee
 * income and ticket, employment, pincode risk weight (configuration) and merchant category.
 * Throws AppError BAD_REQUEST (with the field in `details`) for malformed input.
 */
export function deriveFacts(input: Parameters<typeof deriveFactsPure>[0]): LenderSelectionFacts {
  try {
    return deriveFactsPure(input);
  } catch (error) {
    if (error instanceof FactsError)
      throw new AppError("BAD_REQUEST", error.message, { details: { field: error.field }, cause: error });
    throw error;
  }
}

function runtimeOf(deps: SelectorDeps): RulesRuntime {
  return deps.rules ?? rulesRuntimeFor(deps);
}

/** Trims ZEN's trace to what explains the decision: per table, the rows that matched and its output. */
export function compactTrace(trace: unknown, performance?: string): unknown {
  if (typeof trace !== "object" || trace === null) return { performance };
  const nodes: Record<string, unknown> = {};
  for (const [id, raw] of Object.entries(trace as Record<string, Record<string, unknown>>)) {
    if (!raw || typeof raw !== "object") continue;
    const traceData = Array.isArray(raw.traceData) ? raw.traceData : [];
    const matched = traceData.map((entry: Record<string, unknown>) => ({
      index: entry.index,
      ruleId: (entry.rule as Record<string, unknown> | undefined)?._id,
    }));
    nodes[id] = {
      name: raw.name,
      order: raw.order,
      performance: raw.performance,
      ...(traceData.length ? { matched } : {}),
      ...(raw.output !== null && raw.output !== undefined && id !== "facts" ? { output: raw.output } : {}),
    };
  }
  return { performance, nodes };
}

async function resolveVersion(runtime: RulesRuntime, ruleVersionId?: string): Promise<CompiledVersion> {
  try {
    if (!ruleVersionId) return await runtime.currentVersion();
    const version = await runtime.versionById(ruleVersionId);
    if (!version) throw new AppError("NOT_FOUND", "That rule version does not exist.");
    return version;
  } catch (error) {
    if (error instanceof NoPublishedRulesError)
      throw new AppError("UNAVAILABLE", error.message, { cause: error });
    throw error;
  }
}

/** Evaluates facts against a compiled version (no recording). */
export async function evaluateCompiled(
  compiled: CompiledVersion,
  facts: LenderSelectionFacts,
  options: { trace?: boolean } = {},
): Promise<LenderSelection> {
  // Only the fields the tables read cross into the engine (marshalling dominates a small model's cost).
  const input: Record<string, unknown> = {};
  for (const field of compiled.fields) input[field] = facts[field as keyof LenderSelectionFacts];
  const response = await compiled.decision.evaluate(input, { trace: options.trace ?? true });
  const outcome = interpretResult(compiled.lenders, response.result);
  return {
    ruleVersionId: compiled.id,
    ruleVersion: compiled.version,
    ...outcome,
    trace: options.trace === false ? null : compactTrace(response.trace, response.performance),
  };
}

/** Evaluates without recording: the try-it evaluator and benchmarks. */
export async function evaluateLenders(
  deps: SelectorDeps,
  input: { facts: LenderSelectionFacts; ruleVersionId?: string; trace?: boolean },
): Promise<LenderSelection> {
  const compiled = await resolveVersion(runtimeOf(deps), input.ruleVersionId);
  return evaluateCompiled(compiled, input.facts, { trace: input.trace });
}

function storedSelection(row: {
  ruleVersionId: string;
  version: number;
  result: Prisma.JsonValue;
  trace: Prisma.JsonValue;
}): LenderSelection {
  const result = row.result as unknown as { lenders: RankedLender[]; ineligible: IneligibleLender[] };
  return {
    ruleVersionId: row.ruleVersionId,
    ruleVersion: row.version,
    lenders: result.lenders,
    ineligible: result.ineligible,
    trace: row.trace,
  };
}

const APPLICATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export async function selectLenders(
  deps: SelectorDeps,
  input: { applicationId: string; facts: LenderSelectionFacts; ruleVersionId?: string },
): Promise<LenderSelection> {
  if (!APPLICATION_ID.test(input.applicationId))
    throw new AppError("BAD_REQUEST", "Application id must be 1-100 letters, digits or . _ : -");
  const existing = await deps.db.lendingRuleEvaluation.findUnique({
    where: { applicationId: input.applicationId },
    select: { ruleVersionId: true, version: true, result: true, trace: true },
  });
  if (existing) return storedSelection(existing);

  const compiled = await resolveVersion(runtimeOf(deps), input.ruleVersionId);
  if (compiled.status !== "PUBLISHED")
    throw new AppError("PRECONDITION_FAILED", `Rule version ${compiled.version} is not published.`);
  const selection = await evaluateCompiled(compiled, input.facts);
  const ctx = {
    actor: systemActor("lending-selector"),
    correlationId: currentContext()?.correlationId ?? `select-${input.applicationId}`,
    ip: null,
    clock: deps.clock ?? systemClock,
  };
  return runCommand({ db: deps.db }, ctx, async ({ tx, audit, now }) => {
    const created = await tx.lendingRuleEvaluation.createMany({
      data: {
        applicationId: input.applicationId,
        ruleVersionId: compiled.id,
        version: compiled.version,
        facts: input.facts as unknown as Prisma.InputJsonValue,
        result: {
          lenders: selection.lenders,
          ineligible: selection.ineligible,
        } as unknown as Prisma.InputJsonValue,
        trace: (selection.trace ?? {}) as Prisma.InputJsonValue,
        evaluatedAt: now,
      },
      skipDuplicates: true,
    });
    if (created.count === 0) {
      // Another process recorded this application first: its selection stands.
      const winner = await tx.lendingRuleEvaluation.findUniqueOrThrow({
        where: { applicationId: input.applicationId },
        select: { ruleVersionId: true, version: true, result: true, trace: true },
      });
      return storedSelection(winner);
    }
    audit({
      action: "lending.rules.evaluated",
      entityType: "lending_application",
      entityId: input.applicationId,
      after: {
        ruleVersion: compiled.version,
        lenders: selection.lenders.map((lender) => lender.lenderCode),
        ineligible: selection.ineligible.map((lender) => lender.lenderCode),
      },
    });
    return selection;
  });
}

/** The recorded selection for an application, if any (admin and the orchestrator's resume path). */
export async function recordedSelection(db: Db, applicationId: string) {
  const row = await db.lendingRuleEvaluation.findUnique({ where: { applicationId } });
  return row
    ? {
        ...storedSelection(row),
        facts: row.facts as unknown as LenderSelectionFacts,
        evaluatedAt: row.evaluatedAt,
      }
    : null;
}

/** The latest recorded selections (admin view and the simulation's population). */
export async function recentEvaluations(db: Db, limit: number) {
  const rows = await db.lendingRuleEvaluation.findMany({
    orderBy: [{ evaluatedAt: "desc" }, { applicationId: "asc" }],
    take: limit,
    select: { applicationId: true, version: true, facts: true, result: true, evaluatedAt: true },
  });
  return rows.map((row) => ({
    applicationId: row.applicationId,
    version: row.version,
    facts: row.facts as unknown as LenderSelectionFacts,
    lenders: (row.result as unknown as { lenders: RankedLender[] }).lenders,
    ineligible: (row.result as unknown as { ineligible: IneligibleLender[] }).ineligible,
    evaluatedAt: row.evaluatedAt,
  }));
}
