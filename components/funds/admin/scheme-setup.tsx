"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Settings2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { Pager } from "@/components/ui/pager";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, fieldErrors, useTRPC } from "@/lib/trpc/client";

const RISK = ["Low", "Low to Moderate", "Moderate", "Moderately High", "High", "Very High"];

/** "5000" or "5,000.50" rupees → paise as bigint; null when empty; undefined when malformed. */
function rupeesToPaise(text: string): bigint | null | undefined {
  const clean = text.replace(/,/g, "").trim();
  if (!clean) return null;
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!match) return undefined;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0") || "0");
}

function paiseToRupees(paise: bigint | null): string {
  if (paise === null) return "";
  const rest = paise % 100n;
  return `${paise / 100n}${rest ? `.${rest.toString().padStart(2, "0")}` : ""}`;
}

interface Row {
  code: number;
  name: string;
  riskLevel: number;
}

function SetupDialog({ row, onClose }: { row: Row; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.funds.scheme.queryOptions({ code: row.code }));
  const [form, setForm] = useState<{ risk: string; min: string; max: string; cutoff: string } | null>(null);
  const current =
    form ??
    (detail.data
      ? {
          risk: String(detail.data.riskLevel),
          min: paiseToRupees(detail.data.minInvestmentPaise),
          max: paiseToRupees(detail.data.maxInvestmentPaise),
          cutoff: detail.data.cutoffOverride ?? "",
        }
      : null);
  const save = useMutation(
    trpc.funds.updateSchemeSetup.mutationOptions({
      onSuccess: async () => {
        toast.success("Fund set-up saved");
        await queryClient.invalidateQueries({ queryKey: trpc.funds.adminSchemes.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.funds.scheme.queryKey({ code: row.code }) });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(save.error);
  const min = current ? rupeesToPaise(current.min) : null;
  const max = current ? rupeesToPaise(current.max) : null;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title={row.name} description={`Scheme ${row.code}: limits, cut-off and riskometer.`}>
        {!current ? (
          <LoadingRows rows={3} />
        ) : (
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (min === undefined || max === undefined) return;
              save.mutate({
                code: row.code,
                riskLevel: Number(current.risk),
                minInvestmentPaise: min,
                maxInvestmentPaise: max,
                cutoffOverride: current.cutoff.trim() || null,
              });
            }}
          >
            {save.error && !Object.keys(errors).length ? (
              <Alert tone="danger">{errorMessage(save.error)}</Alert>
            ) : null}
            <Field id="setup-risk" label="Riskometer">
              <Select
                id="setup-risk"
                value={current.risk}
                onChange={(e) => setForm({ ...current, risk: e.target.value })}
              >
                {RISK.map((label, index) => (
                  <option key={label} value={index + 1}>
                    {label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              id="setup-min"
              label="Minimum investment (₹)"
              error={min === undefined ? "Enter rupees, e.g. 5000 or 100.50" : errors.minInvestmentPaise?.[0]}
            >
              <Input
                id="setup-min"
                inputMode="decimal"
                value={current.min}
                onChange={(e) => setForm({ ...current, min: e.target.value })}
              />
            </Field>
            <Field
              id="setup-max"
              label="Maximum investment (₹, empty for no limit)"
              error={max === undefined ? "Enter rupees, e.g. 200000" : errors.maxInvestmentPaise?.[0]}
            >
              <Input
                id="setup-max"
                inputMode="decimal"
                value={current.max}
                onChange={(e) => setForm({ ...current, max: e.target.value })}
              />
            </Field>
            <Field
              id="setup-cutoff"
              label="Cut-off override (HH:MM IST, empty for the category default)"
              error={errors.cutoffOverride?.[0]}
            >
              <Input
                id="setup-cutoff"
                placeholder="13:30"
                value={current.cutoff}
                onChange={(e) => setForm({ ...current, cutoff: e.target.value })}
              />
            </Field>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={save.isPending}
                disabled={min === undefined || max === undefined}
              >
                Save
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function SchemeSetup() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Row | null>(null);
  const list = useQuery(
    trpc.funds.adminSchemes.queryOptions({
      query: query || undefined,
      withNavOnly: false,
      page,
      pageSize: 20,
    }),
  );
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / 20)) : 1;
  return (
    <Card>
      <div className="border-b border-border p-4">
        <label htmlFor="setup-search" className="text-xs font-medium text-muted-foreground">
          Find a scheme
        </label>
        <Input
          id="setup-search"
          placeholder="Name, fund house, ISIN or scheme code"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(1);
          }}
        />
      </div>
      <div className="p-4">
        {list.error ? (
          <Alert tone="danger">{errorMessage(list.error)}</Alert>
        ) : list.isPending ? (
          <LoadingRows rows={6} />
        ) : list.data.items.length === 0 ? (
          <EmptyState icon={Settings2} title="No scheme matches">
            Search by part of the name, the fund house, an ISIN or the AMFI scheme code.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <TR>
                  <TH>Scheme</TH>
                  <TH className="hidden md:table-cell">Risk</TH>
                  <TH className="text-right">Set-up</TH>
                </TR>
              </THead>
              <TBody>
                {list.data.items.map((item) => (
                  <TR key={item.code}>
                    <TD>
                      <div className="font-medium">{item.name}</div>
                      <div className="text-xs text-muted-foreground">
                        {item.amc} · {item.code}
                      </div>
                    </TD>
                    <TD className="hidden md:table-cell text-sm">{item.riskLabel}</TD>
                    <TD className="text-right">
                      <Button size="sm" variant="outline" onClick={() => setEditing(item)}>
                        Edit
                      </Button>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
        <Pager page={page} pages={pages} onPage={setPage} />
      </div>
      {editing ? <SetupDialog row={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
