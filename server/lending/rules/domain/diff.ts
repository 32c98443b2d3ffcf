/**
 * A readable diff of two decision models, table by table and row by row (rows matched by their `_id`):
 * rows added, removed, and cells changed (column name, before, after). Columns added or removed are
 * listed too. Used by version history and the approval screen.
 */
import { type DecisionModel, type JdmTableContent, tableNodes } from "./jdm";

export interface CellChange {
  column: string;
  before: string;
  after: string;
}

export interface TableDiff {
  table: string;
  columnsAdded: string[];
  columnsRemoved: string[];
  rowsAdded: { rowId: string; row: number; cells: Record<string, string> }[];
  rowsRemoved: { rowId: string; row: number; cells: Record<string, string> }[];
  rowsChanged: { rowId: string; row: number; changes: CellChange[] }[];
  rowsReordered: boolean;
}

export interface ModelDiff {
  tables: TableDiff[];
  tablesAdded: string[];
  tablesRemoved: string[];
  unchanged: boolean;
}

function columns(table: JdmTableContent) {
  return [...table.inputs, ...table.outputs];
}

function namedCells(table: JdmTableContent, rule: Record<string, string>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const column of columns(table)) cells[column.name || column.id] = String(rule[column.id] ?? "");
  return cells;
}

export function diffModels(before: DecisionModel, after: DecisionModel): ModelDiff {
  const beforeTables = new Map(tableNodes(before).map((node) => [node.id, node]));
  const afterTables = new Map(tableNodes(after).map((node) => [node.id, node]));
  const tables: TableDiff[] = [];
  for (const [id, afterNode] of afterTables) {
    const beforeNode = beforeTables.get(id);
    if (!beforeNode) continue;
    const a = beforeNode.content;
    const b = afterNode.content;
    const aColumns = new Map(columns(a).map((column) => [column.id, column]));
    const bColumns = new Map(columns(b).map((column) => [column.id, column]));
    const beforeRows = new Map(a.rules.map((rule, index) => [rule._id ?? `#${index}`, { rule, index }]));
    const afterRows = new Map(b.rules.map((rule, index) => [rule._id ?? `#${index}`, { rule, index }]));
    const diff: TableDiff = {
      table: afterNode.name,
      columnsAdded: [...bColumns.values()].filter((c) => !aColumns.has(c.id)).map((c) => c.name || c.id),
      columnsRemoved: [...aColumns.values()].filter((c) => !bColumns.has(c.id)).map((c) => c.name || c.id),
      rowsAdded: [],
      rowsRemoved: [],
      rowsChanged: [],
      rowsReordered: false,
    };
    for (const [rowId, { rule, index }] of afterRows) {
      const old = beforeRows.get(rowId);
      if (!old) {
        diff.rowsAdded.push({ rowId, row: index + 1, cells: namedCells(b, rule) });
        continue;
      }
      const changes: CellChange[] = [];
      for (const column of columns(b)) {
        const was = String(old.rule[column.id] ?? "");
        const now = String(rule[column.id] ?? "");
        if (was !== now) changes.push({ column: column.name || column.id, before: was, after: now });
      }
      if (changes.length) diff.rowsChanged.push({ rowId, row: index + 1, changes });
    }
    for (const [rowId, { rule, index }] of beforeRows) {
      if (!afterRows.has(rowId)) diff.rowsRemoved.push({ rowId, row: index + 1, cells: namedCells(a, rule) });
    }
    const commonBefore = a.rules
      .map((rule, i) => rule._id ?? `#${i}`)
      .filter((rowId) => afterRows.has(rowId));
    const commonAfter = b.rules
      .map((rule, i) => rule._id ?? `#${i}`)
      .filter((rowId) => beforeRows.has(rowId));
    diff.rowsReordered = commonBefore.join("\u0000") !== commonAfter.join("\u0000");
    if (a.hitPolicy !== b.hitPolicy)
      diff.rowsChanged.push({
        rowId: "(table)",
        row: 0,
        changes: [{ column: "Hit policy", before: a.hitPolicy, after: b.hitPolicy }],
      });
    tables.push(diff);
  }
  const tablesAdded = [...afterTables.keys()].filter((id) => !beforeTables.has(id));
  const tablesRemoved = [...beforeTables.keys()].filter((id) => !afterTables.has(id));
  const unchanged =
    tablesAdded.length === 0 &&
    tablesRemoved.length === 0 &&
    tables.every(
      (t) =>
        !t.columnsAdded.length &&
        !t.columnsRemoved.length &&
        !t.rowsAdded.length &&
        !t.rowsRemoved.length &&
        !t.rowsChanged.length &&
        !t.rowsReordered,
    );
  return {
    tables,
    tablesAdded: tablesAdded.map((id) => afterTables.get(id)?.name ?? id),
    tablesRemoved: tablesRemoved.map((id) => beforeTables.get(id)?.name ?? id),
    unchanged,
  };
}
