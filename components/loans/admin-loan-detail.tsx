"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, ShieldAlert, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Stat } from "@/components/ui/card";
import { Alert, LoadingRows, PageHeader } from "@/components/ui/feedback";
import { Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { BusinessDateControl } from "./admin-loan-book";
import { BUCKET_TONE, day, LOAN_STATUS_TONE, rupees, STATUS_LABEL, STATUS_TONE } from "./format";

function summarise(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (key === "type" || key === "schedule" || key === "allocation" || key === "rescheduled") continue;
    if (typeof value === "bigint")
      parts.push(`${key.replace(/Paise$/, "")} ${(Number(value) / 100).toLocaleString("en-IN")}`);
    else if (typeof value === "string" || typeof value === "number") parts.push(`${key} ${value}`);
  }
  return parts.join(" · ");
}

export function AdminLoanDetail({ loanId }: { loanId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.loans.detail.queryOptions({ loanId }));
  const [charge, setCharge] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.loans.detail.queryKey({ loanId }) });
  const levy = useMutation(
    trpc.loans.levyCharge.mutationOptions({
      onSuccess: async () => {
        toast.success("Charge levied");
        await refresh();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const check = useMutation(
    trpc.loans.checkProjection.mutationOptions({
      onSuccess: (report) =>
        report.mismatches.length
          ? toast.error(`Projection differs from the events: ${report.mismatches[0]?.columns.join(", ")}`)
          : toast.success(`Rebuilt from ${report.events} events: identical to the live projection`),
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (detail.isPending) return <LoadingRows rows={8} label="Loading the loan" />;
  if (detail.error) return <Alert tone="danger">{errorMessage(detail.error)}</Alert>;
  const data = detail.data;
  const chart = data.schedule.map((row) => ({
    name: String(row.number),
    principal: Number(row.principalPaise) / 100,
    interest: Number(row.interestPaise) / 100,
    paid: Number(row.paidPaise) / 100,
  }));
  return (
    <div className="grid gap-6">
      <Link href="/admin/loans" className="inline-flex items-center gap-1 text-sm text-muted-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Loan book
      </Link>
      <PageHeader
        title={`Loan ${data.reference}`}
        description={`${data.borrowerName} (${data.borrowerPhone}) · ${data.lenderName} ref. ${data.lenderLoanReference} · ${data.purchaseDescription}`}
      />
      <BusinessDateControl />
      <div className="flex flex-wrap gap-2">
        <Badge tone={LOAN_STATUS_TONE[data.status]}>{data.status.toLowerCase()}</Badge>
        {data.bucket ? (
          <Badge tone={BUCKET_TONE[data.bucket]}>
            {data.bucket} · {data.dpd} DPD
          </Badge>
        ) : null}
        {data.integrity.length ? (
          <Badge tone="danger">
            <ShieldAlert className="size-3" aria-hidden /> {data.integrity.length} event(s) fail the audit
            check
          </Badge>
        ) : (
          <Badge tone="success">
            <ShieldCheck className="size-3" aria-hidden /> events match the audit chain
          </Badge>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        <Stat
          label="Principal"
          value={rupees(data.principalPaise)}
          hint={`${data.tenor} EMIs of ${rupees(data.emiPaise)}`}
        />
        <Stat label="Principal outstanding" value={rupees(data.outstandingPrincipalPaise)} />
        <Stat
          label="Received"
          value={rupees(data.paidPaise)}
          hint={data.suspensePaise ? `${rupees(data.suspensePaise)} in suspense` : undefined}
          tone={data.suspensePaise ? "warning" : undefined}
        />
        <Stat
          label="APR"
          value={`${(data.aprBps / 100).toFixed(2)} %`}
          hint={`rate ${(data.annualRateBps / 100).toFixed(2)} %`}
        />
      </div>
      {data.integrity.length ? (
        <Alert tone="danger" title="Event rows do not match what was written">
          {data.integrity.map((problem) => `version ${problem.version}: ${problem.problem}`).join("; ")}
        </Alert>
      ) : null}
      {data.flaggedPayments.length ? (
        <Alert tone="warning" title="Flagged payments">
          {data.flaggedPayments
            .map((payment) => `${payment.status.toLowerCase()}: ${payment.flagReason}`)
            .join("; ")}
        </Alert>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Schedule</CardTitle>
              <CardDescription>
                Principal and interest per instalment, and what has been paid.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent className="grid gap-4">
            <div className="h-56">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="name" />
                  <YAxis width={70} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="principal" stackId="due" fill="#4338ca" name="Principal (₹)" />
                  <Bar dataKey="interest" stackId="due" fill="#a5b4fc" name="Interest (₹)" />
                  <Bar dataKey="paid" fill="#16a34a" name="Paid (₹)" />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <div className="overflow-x-auto">
              <Table>
                <THead>
                  <tr>
                    <TH>#</TH>
                    <TH>Due</TH>
                    <TH className="text-right">Principal</TH>
                    <TH className="text-right">Interest</TH>
                    <TH className="text-right">Paid</TH>
                    <TH>Status</TH>
                  </tr>
                </THead>
                <TBody>
                  {data.schedule.map((row) => (
                    <TR key={row.number}>
                      <TD>{row.number}</TD>
                      <TD>{day(row.dueDate)}</TD>
                      <TD className="text-right tabular-nums">{rupees(row.principalPaise)}</TD>
                      <TD className="text-right tabular-nums">{rupees(row.interestPaise)}</TD>
                      <TD className="text-right tabular-nums">{rupees(row.paidPaise)}</TD>
                      <TD>
                        <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <div>
              <CardTitle>Operations</CardTitle>
              <CardDescription>Only charges listed in this loan's KFS can be levied.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="grid gap-4 text-sm">
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                if (charge) levy.mutate({ loanId, code: charge });
              }}
            >
              <Select
                aria-label="Charge"
                value={charge}
                onChange={(event) => setCharge(event.target.value)}
                className="w-64"
              >
                <option value="">Choose a KFS charge…</option>
                {data.contingentCharges.map((entry) => (
                  <option key={entry.code} value={entry.code}>
                    {entry.name}
                  </option>
                ))}
              </Select>
              <Button
                type="submit"
                variant="outline"
                disabled={!charge || data.status !== "ACTIVE"}
                loading={levy.isPending}
              >
                Levy charge
              </Button>
            </form>
            <Button variant="outline" onClick={() => check.mutate({ loanId })} loading={check.isPending}>
              Rebuild from events and compare
            </Button>
            <dl className="grid grid-cols-2 gap-1">
              <dt className="text-muted-foreground">Agreement SHA-256</dt>
              <dd className="truncate font-mono text-xs" title={data.agreementSha256 ?? ""}>
                {data.agreementSha256 ?? "not issued yet"}
              </dd>
              <dt className="text-muted-foreground">Documents</dt>
              <dd>
                {data.documents
                  .map((document) => `${document.kind.toLowerCase()} (${document.pageCount} p.)`)
                  .join(", ") || "—"}
              </dd>
              <dt className="text-muted-foreground">Proposal</dt>
              <dd className="font-mono text-xs">{data.proposalNumber}</dd>
              <dt className="text-muted-foreground">Tailing projection</dt>
              <dd>
                {data.activity
                  ? `${data.activity.eventCount} events, v${data.activity.lastVersion}`
                  : "not reached yet"}
              </dd>
            </dl>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <div>
            <CardTitle>Events</CardTitle>
            <CardDescription>The loan's event stream (append-only, one version each).</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          <Table data-testid="loan-events">
            <THead>
              <tr>
                <TH>v</TH>
                <TH>Event</TH>
                <TH>Business date</TH>
                <TH>Details</TH>
                <TH>By</TH>
              </tr>
            </THead>
            <TBody>
              {data.events.map((event) => (
                <TR key={event.id}>
                  <TD>{event.version}</TD>
                  <TD className="font-medium">{event.type}</TD>
                  <TD>{day(event.businessDate)}</TD>
                  <TD className="max-w-md text-xs text-muted-foreground">
                    {summarise(event.payload as unknown as Record<string, unknown>)}
                  </TD>
                  <TD className="font-mono text-xs">{event.actorId}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <div>
            <CardTitle>Postings</CardTitle>
            <CardDescription>
              Double entry: debit positive, credit negative; every journal sums to zero.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          <Table data-testid="loan-postings">
            <THead>
              <tr>
                <TH>Journal</TH>
                <TH>v</TH>
                <TH>Account</TH>
                <TH className="text-right">Debit</TH>
                <TH className="text-right">Credit</TH>
              </tr>
            </THead>
            <TBody>
              {data.journals.flatMap((journal) =>
                journal.postings.map((posting, index) => (
                  <TR key={`${journal.id}-${posting.account}`}>
                    <TD className="text-xs">{index === 0 ? journal.description : ""}</TD>
                    <TD>{index === 0 ? journal.eventVersion : ""}</TD>
                    <TD className="font-mono text-xs">{posting.account}</TD>
                    <TD className="text-right tabular-nums">
                      {posting.amountPaise > 0n ? rupees(posting.amountPaise) : ""}
                    </TD>
                    <TD className="text-right tabular-nums">
                      {posting.amountPaise < 0n ? rupees(-posting.amountPaise) : ""}
                    </TD>
                  </TR>
                )),
              )}
            </TBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
