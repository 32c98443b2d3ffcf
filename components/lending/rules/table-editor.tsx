"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { JdmTableContent } from "@/server/lending/rules/domain/jdm";

export interface CellProblem {
  row?: number;
  column?: string;
  text: string;
}

function newRowId(): string {
  return `row-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * A plain, accessible decision-table editor: one text cell per condition and output, in ZEN's syntax
 * (`< 21, > 60`, `[21..60]`, `"GOOD", "EXCELLENT"`, `"kite"`, `10`). Blank condition = any value. Rows can
 * be added, removed and moved. Problems the server found are shown on their row.
 */
export function TableEditor({
  tableName,
  table,
  onChange,
  disabled,
  problems,
}: {
  tableName: string;
  table: JdmTableContent;
  onChange: (next: JdmTableContent) => void;
  disabled?: boolean;
  problems?: CellProblem[];
}) {
  const columns = [
    ...table.inputs.map((column) => ({ ...column, kind: "input" as const })),
    ...table.outputs.map((column) => ({ ...column, kind: "output" as const })),
  ];
  const setCell = (index: number, columnId: string, value: string) => {
    const rules = table.rules.map((rule, i) => (i === index ? { ...rule, [columnId]: value } : rule));
    onChange({ ...table, rules });
  };
  const move = (index: number, delta: number) => {
    const target = index + delta;
    if (target < 0 || target >= table.rules.length) return;
    const rules = [...table.rules];
    const [moved] = rules.splice(index, 1);
    if (moved) rules.splice(target, 0, moved);
    onChange({ ...table, rules });
  };
  const remove = (index: number) => onChange({ ...table, rules: table.rules.filter((_, i) => i !== index) });
  const add = () => {
    const blank: Record<string, string> = { _id: newRowId() };
    for (const column of columns) blank[column.id] = "";
    onChange({ ...table, rules: [...table.rules, blank] });
  };
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-3">
      <div className="relative overflow-x-auto rounded-lg border border-border">
        <table className="w-full min-w-[720px] border-collapse text-sm" aria-label={tableName}>
          <thead className="bg-muted/60">
            <tr>
              <th scope="col" className="w-10 px-2 py-2 text-left font-medium text-muted-foreground">
                #
              </th>
              {columns.map((column) => (
                <th
                  key={column.id}
                  scope="col"
                  className={`px-2 py-2 text-left font-medium ${column.kind === "output" ? "bg-primary-soft/60" : ""}`}
                >
                  <span className="block">{column.name}</span>
                  <span className="block font-mono text-xs font-normal text-muted-foreground">
                    {column.kind === "input" ? column.field : `→ ${column.field}`}
                  </span>
                </th>
              ))}
              <th scope="col" className="px-2 py-2">
                <span className="sr-only">Row actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rules.map((rule, index) => {
              const rowProblems = problems?.filter((problem) => problem.row === index + 1) ?? [];
              const rowLabel = rule._id ? `row ${rule._id}` : `row ${index + 1}`;
              return (
                <tr
                  key={rule._id ?? index}
                  className="border-t border-border align-top"
                  data-row-id={rule._id}
                >
                  <td className="px-2 py-1.5 text-muted-foreground">{index + 1}</td>
                  {columns.map((column) => {
                    const invalid = rowProblems.some((problem) => problem.column === column.name);
                    return (
                      <td key={column.id} className="px-1 py-1">
                        <Input
                          aria-label={`${tableName} ${rowLabel}: ${column.name}`}
                          aria-invalid={invalid || undefined}
                          className="h-8 min-w-24 font-mono text-xs"
                          value={rule[column.id] ?? ""}
                          placeholder={column.kind === "input" ? "any" : ""}
                          disabled={disabled}
                          onChange={(event) => setCell(index, column.id, event.target.value)}
                        />
                      </td>
                    );
                  })}
                  <td className="px-1 py-1">
                    <div className="flex gap-0.5">
                      <Button
                        type="button"
                        variant="ghost"
                        size="icon"
                        className="size-8"
                        aria-label={`Move ${rowLabel} up`}
                        disabled={disabled || index === 0}
                        onClick={() => move(index, -1)}
                      >
                        <ArrowUp className="size-4" />
                      </Button>
                      <Button
                        type="button"
                        variant="ghost"
                        size="icon"
                        className="size-8"
                        aria-label={`Move ${rowLabel} down`}
                        disabled={disabled || index === table.rules.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        <ArrowDown className="size-4" />
                      </Button>
                      <Button
                        type="button"
                        variant="ghost"
                        size="icon"
                        className="size-8"
                        aria-label={`Delete ${rowLabel}`}
                        disabled={disabled}
                        onClick={() => remove(index)}
                      >
                        <Trash2 className="size-4" />
                      </Button>
                    </div>
                    {rowProblems.length ? (
                      <ul className="mt-1 grid gap-0.5 text-xs text-danger">
                        {rowProblems.map((problem) => (
                          <li key={problem.text}>{problem.text}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {table.rules.length === 0 ? (
        <p className="text-sm text-muted-foreground">No rows yet: add one to start.</p>
      ) : null}
      {!disabled ? (
        <div>
          <Button type="button" variant="outline" size="sm" onClick={add}>
            <Plus className="size-4" /> Add row
          </Button>
        </div>
      ) : null}
    </div>
  );
}
