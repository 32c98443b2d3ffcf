"use client";

/**
 * GoRules' own decision-table editor (@gorules/jdm-editor, antd + CodeMirror). Loaded only in the browser
 * (next/dynamic with ssr: false) because it touches `window` at import time. Our table settings the
 * engine contract depends on (hit policy, output path) are kept whatever the editor returns.
 */
import "@gorules/jdm-editor/dist/style.css";
import { DecisionTable, JdmConfigProvider } from "@gorules/jdm-editor";
import { FACT_FIELDS } from "@/server/lending/rules/domain/facts";
import type { JdmTableContent } from "@/server/lending/rules/domain/jdm";

const inputsSchema = Object.keys(FACT_FIELDS).map((field) => ({ field, name: field }));

export default function JdmTableEditor({
  table,
  onChange,
  disabled,
}: {
  table: JdmTableContent;
  onChange: (next: JdmTableContent) => void;
  disabled?: boolean;
}) {
  return (
    <JdmConfigProvider>
      <DecisionTable
        tableHeight={420}
        mountDialogsOnBody
        value={table as never}
        disabled={disabled}
        disableHitPolicy
        inputsSchema={inputsSchema}
        onChange={(next) => {
          const value = next as unknown as JdmTableContent;
          onChange({
            ...table,
            ...value,
            hitPolicy: table.hitPolicy,
            outputPath: table.outputPath,
            rules: (value.rules ?? []).map((rule) =>
              Object.fromEntries(Object.entries(rule).map(([key, cell]) => [key, cell ?? ""])),
            ),
          });
        }}
      />
    </JdmConfigProvider>
  );
}
