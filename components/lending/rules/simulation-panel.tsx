"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Badge } from "@/components/ui/badge";
import { Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDateTime, formatNumber } from "@/lib/utils";
import type { SimulationSummary } from "@/server/lending/rules/domain/simulation";

export type StoredSimulation = SimulationSummary & {
  ranAt: string;
  limit: number;
  baselineVersion?: number;
  version?: number;
  decidedUnderOtherVersions?: number;
};

const KIND_LABEL = {
  "gained-access": { label: "Gains a lender", tone: "success" },
  "lost-access": { label: "Loses every lender", tone: "danger" },
  eligibility: { label: "Lender set changes", tone: "warning" },
  order: { label: "Order changes", tone: "info" },
} as const;

export function SimulationPanel({ simulation }: { simulation: StoredSimulation }) {
  if (simulation.applications === 0)
    return (
      <EmptyState title="No recorded applications to simulate against">
        Simulation replays the facts recorded for recent checkout applications. Once shoppers have applied,
        run it again.
      </EmptyState>
    );
  const chart = simulation.lenders.map((lender) => ({
    lender: lender.lenderCode,
    "Eligible (published)": lender.eligibleBefore,
    "Eligible (this version)": lender.eligibleAfter,
    "First choice (published)": lender.firstBefore,
    "First choice (this version)": lender.firstAfter,
  }));
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4" data-testid="simulation-result">
      <p className="text-sm text-muted-foreground">
        {formatNumber(simulation.applications)} most recent applications (of up to {simulation.limit}), this
        version vs published v{simulation.baselineVersion ?? "?"}, run {formatDateTime(simulation.ranAt)}.
        {simulation.decidedUnderOtherVersions
          ? ` ${formatNumber(simulation.decidedUnderOtherVersions)} of them were decided under an older version; all are re-evaluated with both versions here.`
          : ""}
      </p>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Stat
          label="Order changes"
          value={formatNumber(simulation.orderChanged)}
          hint="same or other lenders, new order"
        />
        <Stat label="First lender changes" value={formatNumber(simulation.firstChoiceChanged)} />
        <Stat
          label="Gain a lender"
          value={formatNumber(simulation.gainedAccess)}
          hint="had none before: could now be approved"
        />
        <Stat
          label="Lose every lender"
          value={formatNumber(simulation.lostAccess)}
          hint="would now be declined"
        />
      </div>
      <figure className="grid gap-2">
        <figcaption className="text-sm font-medium">Lender mix: published vs this version</figcaption>
        <div className="h-72 w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={chart} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="lender" />
              <YAxis allowDecimals={false} width={36} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="Eligible (published)" fill="#94a3b8" />
              <Bar dataKey="Eligible (this version)" fill="#0f766e" />
              <Bar dataKey="First choice (published)" fill="#cbd5e1" />
              <Bar dataKey="First choice (this version)" fill="#f59e0b" />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      {simulation.changed.length ? (
        <div className="relative overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>Application</TH>
                <TH>Change</TH>
                <TH>Published order</TH>
                <TH>This version</TH>
              </TR>
            </THead>
            <TBody>
              {simulation.changed.slice(0, 50).map((change) => (
                <TR key={change.applicationId}>
                  <TD className="font-mono text-xs">{change.applicationId}</TD>
                  <TD>
                    <Badge tone={KIND_LABEL[change.kind].tone}>{KIND_LABEL[change.kind].label}</Badge>
                  </TD>
                  <TD className="font-mono text-xs">{change.before.join(" → ") || "none"}</TD>
                  <TD className="font-mono text-xs">{change.after.join(" → ") || "none"}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          {simulation.changed.length > 50 || simulation.changedTruncated ? (
            <p className="mt-2 text-xs text-muted-foreground">Showing the first 50 changed applications.</p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm">No recorded application would see a different lender set or order.</p>
      )}
    </div>
  );
}
