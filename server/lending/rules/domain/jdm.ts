/**
 * The lender-selection decision model: a GoRules JDM graph with two decision tables.
 *
 * - "knockouts" (hit policy collect, outputPath `knockouts`): every matching row knocks one lender out,
 *   with a reason (`lenderCode`, `reason`). A lender's credit policy is a set of rows.
 * - "ordering" (hit policy collect, outputPath `ordering`): matching rows give a lender a priority
 *   (`lenderCode`, `priority`); the lowest priority among a lender's matching rows counts, lower first,
 *   ties broken by lender code.
 *
 * A lender is eligible when it has an ordering row that matched and no knockout. ZEN treats a cell it
 * cannot parse as "no match", silently; `checkDecisionModel` therefore parses every cell before a model
 * is saved and refuses the model with the table, row and column of each problem.
 */
import { evaluateExpressionSync, evaluateUnaryExpressionSync } from "@gorules/zen-engine";
import { FACT_FIELDS } from "./facts";

export interface JdmTableColumn {
  id: string;
  name: string;
  field?: string;
}

export interface JdmTableContent {
  hitPolicy: "first" | "collect";
  inputs: JdmTableColumn[];
  outputs: JdmTableColumn[];
  rules: Record<string, string>[];
  outputPath?: string;
  passThrough?: boolean;
  inputField?: string | null;
  executionMode?: "single" | "loop";
}

export interface JdmNode {
  id: string;
  type: string;
  name: string;
  position?: { x: number; y: number };
  content?: unknown;
}

export interface JdmEdge {
  id: string;
  sourceId: string;
  targetId: string;
  type?: string;
  sourceHandle?: string;
}

export interface DecisionModel {
  nodes: JdmNode[];
  edges: JdmEdge[];
}

export const KNOCKOUTS_PATH = "knockouts";
export const ORDERING_PATH = "ordering";
export const LENDER_CODE_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;

export interface ModelProblem {
  table?: string;
  row?: number;
  column?: string;
  message: string;
}

export class DecisionModelError extends Error {
  override readonly name = "DecisionModelError";
  constructor(readonly problems: ModelProblem[]) {
    super(
      `The decision model has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems
        .slice(0, 5)
        .map(describeProblem)
        .join("; ")}${problems.length > 5 ? "; …" : ""}`,
    );
  }
}

export function describeProblem(problem: ModelProblem): string {
  const where = [
    problem.table ? `table "${problem.table}"` : null,
    problem.row !== undefined ? `row ${problem.row}` : null,
    problem.column ? `column "${problem.column}"` : null,
  ]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${problem.message}` : problem.message;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parserMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { source?: string };
    if (parsed.source) return parsed.source;
  } catch {
    // not JSON: use as is
  }
  return raw.split("\n")[0] ?? raw;
}

export function tableNodes(model: DecisionModel): (JdmNode & { content: JdmTableContent })[] {
  return model.nodes.filter(
    (node): node is JdmNode & { content: JdmTableContent } =>
      node.type === "decisionTableNode" && isObject(node.content),
  );
}

export function findTable(model: DecisionModel, outputPath: string) {
  return tableNodes(model).find((node) => node.content.outputPath === outputPath);
}

/** Structural and cell-level checks; returns the model typed, or throws DecisionModelError. */
export function checkDecisionModel(content: unknown): DecisionModel {
  const problems: ModelProblem[] = [];
  if (!isObject(content) || !Array.isArray(content.nodes) || !Array.isArray(content.edges))
    throw new DecisionModelError([{ message: "A decision model is a JSON object with nodes and edges." }]);
  const model = content as unknown as DecisionModel;
  const ids = new Set<string>();
  for (const node of model.nodes) {
    if (!isObject(node) || typeof node.id !== "string" || typeof node.type !== "string") {
      problems.push({ message: "Every node needs an id and a type." });
      continue;
    }
    if (typeof node.name !== "string" || !node.name.trim())
      problems.push({ message: `Node ${node.id} needs a name.` });
    if (ids.has(node.id)) problems.push({ message: `Two nodes share the id ${node.id}.` });
    ids.add(node.id);
  }
  for (const edge of model.edges) {
    if (!isObject(edge) || !ids.has(edge.sourceId as string) || !ids.has(edge.targetId as string))
      problems.push({ message: "Every edge must connect two existing nodes." });
  }
  if (model.nodes.filter((node) => node?.type === "inputNode").length !== 1)
    problems.push({ message: "The model needs exactly one input node." });
  if (model.nodes.filter((node) => node?.type === "outputNode").length !== 1)
    problems.push({ message: "The model needs exactly one output node." });
  if (problems.length) throw new DecisionModelError(problems);

  const expected: Record<string, { outputs: Record<string, "lender" | "text" | "integer"> }> = {
    [KNOCKOUTS_PATH]: { outputs: { lenderCode: "lender", reason: "text" } },
    [ORDERING_PATH]: { outputs: { lenderCode: "lender", priority: "integer" } },
  };
  for (const [path, spec] of Object.entries(expected)) {
    const node = findTable(model, path);
    if (!node) {
      problems.push({ message: `The model needs a decision table whose output path is "${path}".` });
      continue;
    }
    const table = node.content;
    const name = node.name;
    if (table.hitPolicy !== "collect")
      problems.push({
        table: name,
        message: 'The hit policy must be "collect" (every matching row counts).',
      });
    if (!Array.isArray(table.inputs) || !Array.isArray(table.outputs) || !Array.isArray(table.rules)) {
      problems.push({ table: name, message: "A decision table needs inputs, outputs and rules." });
      continue;
    }
    for (const input of table.inputs) {
      if (!input.field || !(input.field in FACT_FIELDS))
        problems.push({
          table: name,
          column: input.name || input.id,
          message: `Input field "${input.field ?? ""}" is not a fact. Known facts: ${Object.keys(FACT_FIELDS).join(", ")}.`,
        });
    }
    const outputsByField = new Map(table.outputs.map((output) => [output.field, output]));
    for (const field of Object.keys(spec.outputs)) {
      if (!outputsByField.has(field))
        problems.push({ table: name, message: `The table needs an output column with field "${field}".` });
    }
    table.rules.forEach((rule, index) => {
      const row = index + 1;
      if (!isObject(rule)) {
        problems.push({ table: name, row, message: "A row must be an object of cells." });
        return;
      }
      for (const input of table.inputs) {
        const cell = rule[input.id];
        if (cell === undefined || cell === null || (typeof cell === "string" && cell.trim() === "")) continue;
        if (typeof cell !== "string") {
          problems.push({ table: name, row, column: input.name, message: "A cell must be text." });
          continue;
        }
        const sample = input.field ? FACT_FIELDS[input.field as keyof typeof FACT_FIELDS] : null;
        try {
          evaluateUnaryExpressionSync(cell, { ...FACT_FIELDS, $: sample });
        } catch (error) {
          problems.push({
            table: name,
            row,
            column: input.name,
            message: `"${cell}" is not a valid condition (${parserMessage(error)}). Examples: < 21, > 60 · [21..60] · "GOOD", "EXCELLENT".`,
          });
        }
      }
      for (const [field, kind] of Object.entries(spec.outputs)) {
        const output = outputsByField.get(field);
        if (!output) continue;
        const cell = rule[output.id];
        let value: unknown;
        try {
          value =
            typeof cell === "string" && cell.trim() ? evaluateExpressionSync(cell, FACT_FIELDS) : undefined;
        } catch (error) {
          problems.push({
            table: name,
            row,
            column: output.name,
            message: `"${cell}" is not a valid value (${parserMessage(error)}).`,
          });
          continue;
        }
        if (kind === "lender" && (typeof value !== "string" || !LENDER_CODE_PATTERN.test(value)))
          problems.push({
            table: name,
            row,
            column: output.name,
            message: `The lender must be a quoted lender code such as "kite" (got ${cell ?? "nothing"}).`,
          });
        if (kind === "text" && (typeof value !== "string" || !value.trim()))
          problems.push({
            table: name,
            row,
            column: output.name,
            message: `The reason must be quoted text such as "Income below 25,000" (got ${cell ?? "nothing"}).`,
          });
        if (
          kind === "integer" &&
          (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 1000)
        )
          problems.push({
            table: name,
            row,
            column: output.name,
            message: `The priority must be a whole number from 0 to 1000 (got ${cell ?? "nothing"}).`,
          });
      }
    });
  }
  if (problems.length) throw new DecisionModelError(problems);
  return model;
}

/** Every lender code the model names (from its lender output cells). */
export function lendersInModel(model: DecisionModel): string[] {
  const codes = new Set<string>();
  for (const path of [KNOCKOUTS_PATH, ORDERING_PATH]) {
    const node = findTable(model, path);
    const output = node?.content.outputs.find((candidate) => candidate.field === "lenderCode");
    if (!node || !output) continue;
    for (const rule of node.content.rules) {
      const cell = rule[output.id];
      const match = typeof cell === "string" ? /^\s*"([^"]+)"\s*$/.exec(cell) : null;
      if (match?.[1]) codes.add(match[1]);
    }
  }
  return [...codes].sort();
}

export interface RankedLender {
  lenderCode: string;
  rank: number;
}

export interface IneligibleLender {
  lenderCode: string;
  reason: string;
}

export interface SelectionOutcome {
  lenders: RankedLender[];
  ineligible: IneligibleLender[];
}

/** Turns the engine's result into ranked eligible lenders and reasons for the others. */
export function interpretResult(lenderUniverse: readonly string[], result: unknown): SelectionOutcome {
  const record = isObject(result) ? result : {};
  const knockouts = Array.isArray(record[KNOCKOUTS_PATH]) ? (record[KNOCKOUTS_PATH] as unknown[]) : [];
  const ordering = Array.isArray(record[ORDERING_PATH]) ? (record[ORDERING_PATH] as unknown[]) : [];
  const reasons = new Map<string, string[]>();
  for (const row of knockouts) {
    if (!isObject(row) || typeof row.lenderCode !== "string") continue;
    const list = reasons.get(row.lenderCode) ?? [];
    const reason = typeof row.reason === "string" ? row.reason : "Not eligible";
    if (!list.includes(reason)) list.push(reason);
    reasons.set(row.lenderCode, list);
  }
  const priority = new Map<string, number>();
  for (const row of ordering) {
    if (!isObject(row) || typeof row.lenderCode !== "string" || typeof row.priority !== "number") continue;
    const current = priority.get(row.lenderCode);
    if (current === undefined || row.priority < current) priority.set(row.lenderCode, row.priority);
  }
  const universe = new Set([...lenderUniverse, ...reasons.keys(), ...priority.keys()]);
  const eligible: { lenderCode: string; priority: number }[] = [];
  const ineligible: IneligibleLender[] = [];
  for (const lenderCode of [...universe].sort()) {
    const knocked = reasons.get(lenderCode);
    if (knocked) ineligible.push({ lenderCode, reason: knocked.join("; ") });
    else if (!priority.has(lenderCode))
      ineligible.push({ lenderCode, reason: "No ordering rule matched this application" });
    else eligible.push({ lenderCode, priority: priority.get(lenderCode) as number });
  }
  eligible.sort((a, b) => a.priority - b.priority || a.lenderCode.localeCompare(b.lenderCode));
  return {
    lenders: eligible.map((lender, index) => ({ lenderCode: lender.lenderCode, rank: index + 1 })),
    ineligible,
  };
}

/** The fact fields the model's tables read (the engine is given only these: less to marshal per call). */
export function factFieldsUsed(model: DecisionModel): string[] {
  const fields = new Set<string>();
  for (const node of tableNodes(model))
    for (const input of node.content.inputs ?? []) if (input.field) fields.add(input.field);
  return [...fields].sort();
}
