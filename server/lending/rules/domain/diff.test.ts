import { describe, expect, it } from "vitest";
import { baselineDecisionModel } from "./baseline-model";
import { diffModels } from "./diff";
import type { DecisionModel } from "./jdm";

function ordering(model: DecisionModel) {
  const node = model.nodes.find((n) => n.id === "ordering");
  if (!node) throw new Error("no ordering table");
  return node.content as { rules: Record<string, string>[] };
}

describe("diffModels", () => {
  it("finds nothing between equal models", () => {
    expect(diffModels(baselineDecisionModel(), baselineDecisionModel()).unchanged).toBe(true);
  });

  it("reports changed cells, added and removed rows and reordering by row id", () => {
    const after = baselineDecisionModel();
    const rows = ordering(after).rules;
    rows[3]!["or-priority"] = "5"; // orbit 20 → 5
    const removed = rows.splice(0, 1)[0]!; // sahyog-thin-file
    rows.push({
      _id: "promo",
      "or-band": "",
      "or-ticket": "[7770..7779]",
      "or-lender": '"sahyog"',
      "or-priority": "1",
    });
    [rows[0], rows[1]] = [rows[1]!, rows[0]!];
    const diff = diffModels(baselineDecisionModel(), after);
    expect(diff.unchanged).toBe(false);
    const table = diff.tables.find((t) => t.table === "Lender ordering")!;
    expect(table.rowsChanged).toEqual([
      { rowId: "orbit", row: 3, changes: [{ column: "Priority (lower first)", before: "20", after: "5" }] },
    ]);
    expect(table.rowsRemoved.map((r) => r.rowId)).toEqual([removed._id]);
    expect(table.rowsAdded).toEqual([
      {
        rowId: "promo",
        row: 6,
        cells: {
          "Bureau band": "",
          "Ticket (₹)": "[7770..7779]",
          Lender: '"sahyog"',
          "Priority (lower first)": "1",
        },
      },
    ]);
    expect(table.rowsReordered).toBe(true);
    expect(diff.tables.find((t) => t.table === "Eligibility knockouts")?.rowsChanged).toEqual([]);
  });
});
