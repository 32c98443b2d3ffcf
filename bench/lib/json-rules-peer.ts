/**
 * The benchmark peer: the same JDM decision tables translated row by row into json-rules-engine rules
 * (one rule per row; all conditions of a row must hold; the row's outputs are the event's params), then
 * interpreted exactly like the ZEN result. Supports the condition forms the risk team uses: comparisons,
 * ranges, lists of strings or numbers, each alternative separated by commas. Anything else throws, so the
 * bench never compares engines on different rules.
 */
import { Engine, type NestedCondition, type TopLevelCondition } from "json-rules-engine";
import type { LenderSelectionFacts } from "@/server/lending/rules/domain/facts";
import {
  type DecisionModel,
  findTable,
  interpretResult,
  KNOCKOUTS_PATH,
  ORDERING_PATH,
  type SelectionOutcome,
} from "@/server/lending/rules/domain/jdm";

function splitTopLevel(cell: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const char of cell) {
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === "[" || char === "(")) depth++;
    if (!quoted && (char === "]" || char === ")")) depth--;
    if (!quoted && depth === 0 && char === ",") {
      parts.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function literal(text: string): string | number {
  const trimmed = text.trim();
  if (/^"[^"]*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  throw new Error(`json-rules peer: unsupported literal ${text}`);
}

function alternative(fact: string, text: string): NestedCondition {
  const comparison = /^(<=|>=|<|>)\s*(.+)$/.exec(text);
  if (comparison) {
    const operator = {
      "<": "lessThan",
      "<=": "lessThanInclusive",
      ">": "greaterThan",
      ">=": "greaterThanInclusive",
    }[comparison[1] as "<" | "<=" | ">" | ">="];
    return { fact, operator, value: literal(comparison[2] as string) };
  }
  const range = /^([[(])\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*([\])])$/.exec(text);
  if (range) {
    return {
      all: [
        {
          fact,
          operator: range[1] === "[" ? "greaterThanInclusive" : "greaterThan",
          value: Number(range[2]),
        },
        { fact, operator: range[4] === "]" ? "lessThanInclusive" : "lessThan", value: Number(range[3]) },
      ],
    };
  }
  return { fact, operator: "equal", value: literal(text) };
}

function cellCondition(fact: string, cell: string): NestedCondition {
  const parts = splitTopLevel(cell);
  if (parts.length > 1 && parts.every((part) => /^"[^"]*"$/.test(part)))
    return { fact, operator: "in", value: parts.map((part) => part.slice(1, -1)) };
  if (parts.length === 1) return alternative(fact, parts[0] as string);
  return { any: parts.map((part) => alternative(fact, part)) };
}

export function buildPeerEngine(model: DecisionModel, lenders: string[]) {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const path of [KNOCKOUTS_PATH, ORDERING_PATH]) {
    const node = findTable(model, path);
    if (!node) throw new Error(`no ${path} table`);
    const table = node.content;
    table.rules.forEach((rule, index) => {
      const all: NestedCondition[] = [];
      for (const input of table.inputs) {
        const cell = (rule[input.id] ?? "").trim();
        if (cell && input.field) all.push(cellCondition(input.field, cell));
      }
      // The row index restores table order (json-rules-engine emits events as conditions settle).
      const params: Record<string, unknown> = { row: index };
      for (const output of table.outputs)
        if (output.field) params[output.field] = literal(rule[output.id] ?? "");
      // json-rules-engine wants at least one condition: an always-true one for "any" rows.
      const conditions: TopLevelCondition = {
        all: all.length ? all : [{ fact: "ageYears", operator: "greaterThanInclusive", value: -1 }],
      };
      engine.addRule({ name: `${path}-${index}`, conditions, event: { type: path, params }, priority: 1 });
    });
  }
  return {
    async evaluate(facts: LenderSelectionFacts): Promise<SelectionOutcome> {
      const { events } = await engine.run(facts as unknown as Record<string, unknown>);
      const result: Record<string, unknown[]> = { [KNOCKOUTS_PATH]: [], [ORDERING_PATH]: [] };
      const ordered = [...events].sort(
        (a, b) => ((a.params?.row as number) ?? 0) - ((b.params?.row as number) ?? 0),
      );
      for (const event of ordered) result[event.type]?.push(event.params);
      return interpretResult(lenders, result);
    },
  };
}
