"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Landmark } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Stat } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { BUCKET_TONE, day, LOAN_STATUS_TONE, rupees } from "./format";

const BUCKETS = ["CURRENT", "SMA-0", "SMA-1", "SMA-2", "NPA"] as const;

/** Moves the business date (reach due dates, make loans overdue) on stacks that allow it. */
export function BusinessDateControl() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clock = useQuery(trpc.ops.clock.queryOptions());
  const move = useMutation(
    trpc.ops.setClockOffset.mutationOptions({
      onSuccess: async () => {
        toast.success("Business date moved");
        await queryClient.invalidateQueries();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (!clock.data) return null;
  const offsetDays = Math.round(clock.data.offsetMs / 86_400_000);
  const shift = (days: number) => move.mutate({ offsetMs: (offsetDays + days) * 86_400_000 });
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="business-date">
      <CalendarClock className="size-4 text-muted-foreground" aria-hidden />
      <span>
        Business date <strong>{day(new Date(clock.data.now).toISOString().slice(0, 10))}</strong>
      </span>
      {offsetDays ? <Badge tone="warning">+{offsetDays} days</Badge> : <Badge>real time</Badge>}
      {clock.data.allowTimeTravel ? (
        <>
          <Button size="sm" variant="outline" onClick={() => shift(1)} disabled={move.isPending}>
            +1 day
          </Button>
          <Button size="sm" variant="outline" onClick={() => shift(30)} disabled={move.isPending}>
            +30 days
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => move.mutate({ offsetMs: 0 })}
            disabled={move.isPending || !offsetDays}
          >
            Reset
          </Button>
        </>
      ) : null}
    </div>
  );
}

export function AdminLoanBook() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [lenderCode, setLender] = useState("");
  const [merchant, setMerchant] = useState("");
  const [status, setStatus] = useState("");
  const [bucket, setBucket] = useState("");
  const [page, setPage] = useState(1);
  const book = useQuery({
    ...trpc.loans.book.queryOptions({
      query: query || undefined,
      lenderCode: lenderCode || undefined,
      merchantOrganisationId: merchant || undefined,
      status: (status || undefined) as "ACTIVE" | undefined,
      bucket: (bucket || undefined) as (typeof BUCKETS)[number] | undefined,
      page,
      pageSize: 20,
    }),
    placeholderData: keepPreviousData,
  });
  const reset = () => setPage(1);
  return (
    <div className="grid gap-6">
      <BusinessDateControl />
      {book.data ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <Stat label="Loans (filtered)" value={book.data.totals.loans.toLocaleString("en-IN")} />
          <Stat label="Principal outstanding" value={rupees(book.data.totals.outstandingPrincipalPaise)} />
          <Stat label="Collected" value={rupees(book.data.totals.paidPaise)} />
        </div>
      ) : null}
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Loan book</CardTitle>
            <CardDescription>
              Search by loan reference, borrower, phone, proposal or lender reference.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-2 sm:grid-cols-5">
            <Input
              aria-label="Search loans"
              placeholder="FLX-…, name, phone"
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                reset();
              }}
            />
            <Select
              aria-label="Lender"
              value={lenderCode}
              onChange={(event) => {
                setLender(event.target.value);
                reset();
              }}
            >
              <option value="">All lenders</option>
              {book.data?.lenders.map((lender) => (
                <option key={lender.code} value={lender.code}>
                  {lender.name} ({lender.count})
                </option>
              ))}
            </Select>
            <Select
              aria-label="Merchant"
              value={merchant}
              onChange={(event) => {
                setMerchant(event.target.value);
                reset();
              }}
            >
              <option value="">All merchants</option>
              {book.data?.merchants.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </Select>
            <Select
              aria-label="Status"
              value={status}
              onChange={(event) => {
                setStatus(event.target.value);
                reset();
              }}
            >
              <option value="">Any status</option>
              <option value="ACTIVE">Active</option>
              <option value="CLOSED">Closed</option>
              <option value="CANCELLED">Cancelled</option>
            </Select>
            <Select
              aria-label="DPD bucket"
              value={bucket}
              onChange={(event) => {
                setBucket(event.target.value);
                reset();
              }}
            >
              <option value="">Any DPD bucket</option>
              {BUCKETS.map((entry) => (
                <option key={entry} value={entry}>
                  {entry}
                </option>
              ))}
            </Select>
          </div>
          {book.isPending ? (
            <LoadingRows label="Loading the loan book" />
          ) : book.error ? (
            <Alert tone="danger">{errorMessage(book.error)}</Alert>
          ) : book.data.rows.length === 0 ? (
            <EmptyState icon={Landmark} title="No loans match">
              Clear the filters, or book a loan from the checkout (the demo seed books a few on start).
            </EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <Table data-testid="loan-book">
                <THead>
                  <tr>
                    <TH>Loan</TH>
                    <TH>Borrower</TH>
                    <TH>Lender</TH>
                    <TH>Merchant</TH>
                    <TH className="text-right">Principal out</TH>
                    <TH>Next due</TH>
                    <TH>Status</TH>
                  </tr>
                </THead>
                <TBody>
                  {book.data.rows.map((row) => (
                    <TR key={row.id}>
                      <TD>
                        <Link
                          className="font-mono text-xs text-primary hover:underline"
                          href={`/admin/loans/${row.id}`}
                        >
                          {row.reference}
                        </Link>
                      </TD>
                      <TD>
                        {row.borrowerName}
                        <span className="block text-xs text-muted-foreground">{row.borrowerPhone}</span>
                      </TD>
                      <TD>{row.lenderName}</TD>
                      <TD>{row.merchantName}</TD>
                      <TD className="text-right tabular-nums">{rupees(row.outstandingPrincipalPaise)}</TD>
                      <TD>
                        {row.nextDue
                          ? `${rupees(row.nextDue.amountPaise)} · ${day(row.nextDue.dueDate)}`
                          : "—"}
                      </TD>
                      <TD className="flex flex-wrap gap-1">
                        <Badge tone={LOAN_STATUS_TONE[row.status]}>{row.status.toLowerCase()}</Badge>
                        {row.bucket ? (
                          <Badge tone={BUCKET_TONE[row.bucket]}>
                            {row.bucket} {row.dpd ? `· ${row.dpd}d` : ""}
                          </Badge>
                        ) : null}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
          {book.data && book.data.total > book.data.pageSize ? (
            <div className="flex items-center justify-between text-sm">
              <span className="text-muted-foreground">
                {book.data.total} loans · page {book.data.page}
              </span>
              <div className="flex gap-2">
                <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  Previous
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={page * book.data.pageSize >= book.data.total}
                  onClick={() => setPage(page + 1)}
                >
                  Next
                </Button>
              </div>
            </div>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
