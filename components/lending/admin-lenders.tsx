"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, FilePlus2 } from "lucide-react";
import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";

const FAULTS = [
  ["none", "Healthy"],
  ["slow", "Slow (latency distribution)"],
  ["error5xx", "5xx errors"],
  ["reset", "Connection reset"],
  ["timeout", "Timeout (never answers)"],
  ["approve_then_timeout", "Approve, then time out"],
  ["duplicate_callback", "Duplicate callback"],
  ["expire_token", "Token expires mid-flow"],
] as const;

const COLORS = ["#4338ca", "#0891b2", "#16a34a", "#ea580c", "#db2777", "#7c3aed"];

const pct = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)} %`);

function DescriptorDialog({
  initial,
  onClose,
}: {
  initial: { code: string; descriptor: unknown } | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [json, setJson] = useState(() => (initial ? JSON.stringify(initial.descriptor, null, 2) : ""));
  const [note, setNote] = useState("");
  const [secrets, setSecrets] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useMutation(
    trpc.lending.admin.saveDescriptor.mutationOptions({
      onSuccess: async (result) => {
        toast.success(
          `${result.code} version ${result.version} saved${result.missingSecrets.length ? `; missing secrets: ${result.missingSecrets.join(", ")}` : ""}`,
        );
        await queryClient.invalidateQueries({ queryKey: trpc.lending.admin.lenders.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={initial ? `Edit ${initial.code} (saves a new version)` : "Register a lender"}
        description="The descriptor is checked against the connector schema before it is saved. Published versions never change."
      >
        {save.error || localError ? (
          <Alert tone="danger">{localError ?? errorMessage(save.error)}</Alert>
        ) : null}
        <Field id="descriptor-json" label="Descriptor (JSON)">
          <textarea
            id="descriptor-json"
            className="h-80 w-full rounded-lg border border-input bg-surface p-2 font-mono text-xs"
            spellCheck={false}
            value={json}
            onChange={(e) => setJson(e.target.value)}
          />
        </Field>
        <Field id="descriptor-note" label="What changed">
          <Input id="descriptor-note" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <Field
          id="descriptor-secrets"
          label="Credentials (optional JSON object, e.g. {&quot;apiKey&quot;: &quot;…&quot;})"
          hint="Stored encrypted; never shown again."
        >
          <Input id="descriptor-secrets" value={secrets} onChange={(e) => setSecrets(e.target.value)} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={save.isPending}
            onClick={() => {
              let parsedSecrets: Record<string, string> | undefined;
              if (secrets.trim()) {
                try {
                  parsedSecrets = JSON.parse(secrets);
                } catch {
                  setLocalError("Credentials must be a JSON object of names to values.");
                  return;
                }
              }
              setLocalError(null);
              save.mutate({ descriptorJson: json, note: note || undefined, secrets: parsedSecrets });
            }}
          >
            Save version
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

function FaultSwitch({ code, current }: { code: string; current: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState(current ?? "none");
  const [rate, setRate] = useState("1");
  const set = useMutation(
    trpc.lending.admin.setFault.mutationOptions({
      onSuccess: async () => {
        toast.success(`${code}: ${mode}`);
        await queryClient.invalidateQueries({ queryKey: trpc.lending.admin.lenders.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select
        aria-label={`Fault mode for ${code}`}
        className="h-8 w-48 text-xs"
        value={mode}
        onChange={(e) => setMode(e.target.value)}
      >
        {FAULTS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
      <Input
        aria-label={`Fault rate for ${code}`}
        className="h-8 w-16 text-xs"
        inputMode="decimal"
        value={rate}
        onChange={(e) => setRate(e.target.value)}
        title="Share of calls that get this fault, from 0 to 1"
      />
      <span className="text-xs text-muted-foreground" aria-hidden>
        of calls
      </span>
      <Button
        size="sm"
        variant="outline"
        loading={set.isPending}
        onClick={() =>
          set.mutate({
            lenderCode: code,
            mode: mode as (typeof FAULTS)[number][0],
            rate: Math.min(1, Math.max(0, Number(rate) || 0)),
          })
        }
      >
        Apply
      </Button>
    </div>
  );
}

export function AdminLenders() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lenders = useQuery({ ...trpc.lending.admin.lenders.queryOptions(), refetchInterval: 3_000 });
  const metrics = useQuery({
    ...trpc.lending.admin.metrics.queryOptions({ minutes: 30 }),
    refetchInterval: 5_000,
  });
  const [editing, setEditing] = useState<{ code: string; descriptor: unknown } | null | "new">(null);
  const enable = useMutation(
    trpc.lending.admin.setEnabled.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.lending.admin.lenders.queryKey() }),
    }),
  );
  const reset = useMutation(
    trpc.lending.admin.resetBreaker.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.lending.admin.lenders.queryKey() }),
    }),
  );

  const codes = lenders.data?.lenders.map((l) => l.code) ?? [];
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Lenders</CardTitle>
            <CardDescription>
              Each lender is a connector descriptor (versioned). Breakers are shared by every process; an open
              breaker skips the lender for new applications.
            </CardDescription>
          </div>
          <Button size="sm" onClick={() => setEditing("new")}>
            <FilePlus2 aria-hidden /> Register a lender
          </Button>
        </CardHeader>
        <CardContent className="p-0">
          {lenders.isPending ? (
            <div className="p-4">
              <LoadingRows rows={4} />
            </div>
          ) : lenders.error ? (
            <div className="p-4">
              <Alert tone="danger">{errorMessage(lenders.error)}</Alert>
            </div>
          ) : lenders.data.lenders.length === 0 ? (
            <div className="p-4">
              <EmptyState icon={Building2} title="No lenders yet">
                Register a lender with its connector descriptor (or restart the stack to seed the sandbox
                lenders).
              </EmptyState>
            </div>
          ) : (
            <div className="overflow-x-auto">
              {!lenders.data.sandboxReachable ? (
                <Alert tone="warning" className="m-4">
                  The sandbox is not reachable, so fault switches are unavailable.
                </Alert>
              ) : null}
              <Table>
                <THead>
                  <tr>
                    <TH>Lender</TH>
                    <TH>Version</TH>
                    <TH>Breaker</TH>
                    <TH>Sandbox fault</TH>
                    <TH />
                  </tr>
                </THead>
                <TBody>
                  {lenders.data.lenders.map((lender) => (
                    <TR key={lender.code} data-testid="lender-row" data-code={lender.code}>
                      <TD>
                        <span className="font-medium">{lender.name}</span>
                        <span className="block font-mono text-xs text-muted-foreground">{lender.code}</span>
                        {!lender.enabled ? <Badge tone="warning">switched off</Badge> : null}
                      </TD>
                      <TD>v{lender.currentVersion}</TD>
                      <TD>
                        <Badge
                          tone={
                            lender.breaker?.state === "OPEN"
                              ? "danger"
                              : lender.breaker?.state === "HALF_OPEN"
                                ? "warning"
                                : "success"
                          }
                          data-testid="breaker-state"
                        >
                          {lender.breaker?.state ?? "CLOSED"}
                        </Badge>
                        {lender.breaker?.reason ? (
                          <span className="block text-xs text-muted-foreground">{lender.breaker.reason}</span>
                        ) : null}
                      </TD>
                      <TD>
                        {lender.faults ? (
                          <FaultSwitch
                            code={lender.code}
                            current={String((lender.faults as { mode?: string }).mode ?? "none")}
                          />
                        ) : (
                          <span className="text-xs text-muted-foreground">not a sandbox lender</span>
                        )}
                      </TD>
                      <TD className="whitespace-nowrap text-right">
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => setEditing({ code: lender.code, descriptor: lender.descriptor })}
                        >
                          Edit descriptor
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => enable.mutate({ code: lender.code, enabled: !lender.enabled })}
                        >
                          {lender.enabled ? "Switch off" : "Switch on"}
                        </Button>
                        {lender.breaker && lender.breaker.state !== "CLOSED" ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            onClick={() => reset.mutate({ lenderCode: lender.code })}
                          >
                            Close breaker
                          </Button>
                        ) : null}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <div>
            <CardTitle>Live figures (last 30 minutes)</CardTitle>
            <CardDescription>
              From every recorded application call: latency, approvals, errors.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-6">
          {metrics.isPending ? (
            <LoadingRows rows={3} />
          ) : metrics.error ? (
            <Alert tone="danger">{errorMessage(metrics.error)}</Alert>
          ) : metrics.data.figures.length === 0 ? (
            <EmptyState title="No lender calls in the last 30 minutes">
              Figures appear as soon as shoppers apply (try a QR code from the store view).
            </EmptyState>
          ) : (
            <>
              <div className="overflow-x-auto">
                <Table>
                  <THead>
                    <tr>
                      <TH>Lender</TH>
                      <TH className="text-right">Calls</TH>
                      <TH className="text-right">p50</TH>
                      <TH className="text-right">p95</TH>
                      <TH className="text-right">Approval rate</TH>
                      <TH className="text-right">Error rate</TH>
                    </tr>
                  </THead>
                  <TBody>
                    {metrics.data.figures.map((row) => (
                      <TR key={row.lenderCode}>
                        <TD className="font-mono text-xs">{row.lenderCode}</TD>
                        <TD className="text-right">{row.calls}</TD>
                        <TD className="text-right">{row.p50Ms ?? "—"} ms</TD>
                        <TD className="text-right">{row.p95Ms ?? "—"} ms</TD>
                        <TD className="text-right">{pct(row.approvalRate)}</TD>
                        <TD className="text-right">{pct(row.errorRate)}</TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              </div>
              <div className="grid gap-6 lg:grid-cols-2">
                <figure className="h-64" aria-label="Latency by lender">
                  <ResponsiveContainer>
                    <BarChart data={metrics.data.figures}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="lenderCode" />
                      <YAxis unit=" ms" width={70} />
                      <Tooltip />
                      <Legend />
                      <Bar dataKey="p50Ms" name="p50" fill={COLORS[0]} />
                      <Bar dataKey="p95Ms" name="p95" fill={COLORS[1]} />
                    </BarChart>
                  </ResponsiveContainer>
                </figure>
                <figure className="h-64" aria-label="p95 latency per minute">
                  <ResponsiveContainer>
                    <LineChart data={metrics.data.series}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="minute" />
                      <YAxis unit=" ms" width={70} />
                      <Tooltip />
                      <Legend />
                      {codes.map((code, index) => (
                        <Line
                          key={code}
                          type="monotone"
                          dataKey={`${code}_p95`}
                          name={`${code} p95`}
                          stroke={COLORS[index % COLORS.length]}
                          dot={false}
                          connectNulls
                        />
                      ))}
                    </LineChart>
                  </ResponsiveContainer>
                </figure>
              </div>
            </>
          )}
        </CardContent>
      </Card>
      {editing ? (
        <DescriptorDialog initial={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
