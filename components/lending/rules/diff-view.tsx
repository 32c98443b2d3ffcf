import type { ModelDiff } from "@/server/lending/rules/domain/diff";

export function DiffView({ diff }: { diff: ModelDiff }) {
  if (diff.unchanged) return <p className="text-sm text-muted-foreground">No changes.</p>;
  return (
    <div className="grid gap-4 text-sm" data-testid="version-diff">
      {diff.tablesAdded.length ? <p>Tables added: {diff.tablesAdded.join(", ")}</p> : null}
      {diff.tablesRemoved.length ? <p>Tables removed: {diff.tablesRemoved.join(", ")}</p> : null}
      {diff.tables.map((table) => {
        const empty =
          !table.rowsAdded.length &&
          !table.rowsRemoved.length &&
          !table.rowsChanged.length &&
          !table.columnsAdded.length &&
          !table.columnsRemoved.length &&
          !table.rowsReordered;
        if (empty) return null;
        return (
          <section key={table.table} className="grid gap-2">
            <h3 className="font-medium">{table.table}</h3>
            <ul className="grid gap-1">
              {table.columnsAdded.map((column) => (
                <li key={`ca-${column}`} className="text-success">
                  + column {column}
                </li>
              ))}
              {table.columnsRemoved.map((column) => (
                <li key={`cr-${column}`} className="text-danger">
                  − column {column}
                </li>
              ))}
              {table.rowsChanged.map((row) => (
                <li key={`rc-${row.rowId}`}>
                  <span className="font-mono text-xs">
                    {row.rowId === "(table)" ? "table" : `row ${row.row} (${row.rowId})`}
                  </span>
                  {row.changes.map((change) => (
                    <span key={change.column} className="ml-2">
                      {change.column}: <del className="text-danger">{change.before || "any"}</del> →{" "}
                      <ins className="text-success no-underline">{change.after || "any"}</ins>
                    </span>
                  ))}
                </li>
              ))}
              {table.rowsAdded.map((row) => (
                <li key={`ra-${row.rowId}`} className="text-success">
                  + row {row.row}:{" "}
                  <span className="font-mono text-xs">
                    {Object.entries(row.cells)
                      .filter(([, cell]) => cell)
                      .map(([column, cell]) => `${column} ${cell}`)
                      .join(" · ")}
                  </span>
                </li>
              ))}
              {table.rowsRemoved.map((row) => (
                <li key={`rr-${row.rowId}`} className="text-danger">
                  − row {row.row}:{" "}
                  <span className="font-mono text-xs">
                    {Object.entries(row.cells)
                      .filter(([, cell]) => cell)
                      .map(([column, cell]) => `${column} ${cell}`)
                      .join(" · ")}
                  </span>
                </li>
              ))}
              {table.rowsReordered ? <li>Rows were reordered.</li> : null}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
