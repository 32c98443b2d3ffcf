"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ClipboardList, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime, formatRelative } from "@/lib/utils";
import { formatPercentFromBps, formatRupees } from "@/server/loans/domain/money";

const STATUSES = [
  "SUBMITTED",
  "IN_PROGRESS",
  "OFFERED",
  "ACCEPTED",
  "DECLINED",
  "EXPIRED",
  "CANCELLED",
] as const;
const OUTCOME_TONE: Record<string, "neutral" | "success" | "danger" | "warning" | "info"> = {
  APPROVED: "success",
  DECLINED: "danger",
  UNKNOWN: "warning",
  RETRYABLE: "warning",
  SKIPPED: "neutral",
  IN_FLIGHT: "info",
  CANCELLED: "neutral",
  NOT_FOUND: "neutral",
  ERROR: "danger",
};

function ApplicationDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const detail = useQuery({
    ...trpc.lending.admin.application.queryOptions({ applicationId: id }),
    refetchInterval: 2_000,
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title="Application" description="Every lender call, in order, with its outcome.">
        {detail.isPending ? (
          <LoadingRows rows={5} />
        ) : detail.error ? (
          <Alert tone="danger">{errorMessage(detail.error)}</Alert>
        ) : (
          <div className="grid max-h-[70vh] gap-4 overflow-y-auto text-sm">
            <p>
              <span className="font-mono">{detail.data.reference}</span> · {detail.data.store.name} ·{" "}
              {formatRupees(detail.data.ticketPaise)} · {detail.data.mode} ·{" "}
              <Badge>{detail.data.status}</Badge>
            </p>
            {detail.data.declineReason ? <Alert tone="warning">{detail.data.declineReason}</Alert> : null}
            {detail.data.selection ? (
              <p className="text-xs text-muted-foreground">
                Rule version {detail.data.selection.ruleVersion}: order{" "}
                {detail.data.selection.lenders.map((l) => l.lenderCode).join(" → ") || "none"}; ineligible{" "}
                {detail.data.selection.ineligible.map((l) => `${l.lenderCode} (${l.reason})`).join(", ") ||
                  "none"}
              </p>
            ) : null}
            <Table>
              <THead>
                <tr>
                  <TH>Lender</TH>
                  <TH>Call</TH>
                  <TH>Outcome</TH>
                  <TH className="text-right">Latency</TH>
                  <TH>Request id / reason</TH>
                </tr>
              </THead>
              <TBody>
                {detail.data.attempts.map((attempt) => (
                  <TR key={attempt.id}>
                    <TD className="font-mono text-xs">{attempt.lenderCode}</TD>
                    <TD>
                      {attempt.kind} #{attempt.seq}
                    </TD>
                    <TD>
                      <Badge tone={OUTCOME_TONE[attempt.outcome]}>{attempt.outcome}</Badge>
                    </TD>
                    <TD className="text-right">{attempt.latencyMs ?? "—"} ms</TD>
                    <TD className="text-xs">
                      <span className="block font-mono">{attempt.requestId.slice(0, 8)}</span>
                      {attempt.reason}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            {detail.data.offers.length ? (
              <ul className="grid gap-1">
                {detail.data.offers.map((offer) => (
                  <li key={offer.id}>
                    #{offer.displayRank} {offer.lenderName}: {formatRupees(offer.emiPaise)} ×{" "}
                    {offer.tenorMonths}, APR {formatPercentFromBps(offer.aprBps)} % ·{" "}
                    <Badge>{offer.status}</Badge>
                    {offer.releaseReason ? ` (${offer.releaseReason})` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function AdminApplications() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<(typeof STATUSES)[number] | "">("");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.lending.admin.applications.queryOptions({ status: status || undefined, page, pageSize: 20 }),
    refetchInterval: 3_000,
  });
  return (
    <Card>
      <CardContent className="grid gap-4 p-4">
        <Field id="app-status" label="Status">
          <Select
            id="app-status"
            className="w-56"
            value={status}
            onChange={(e) => setStatus(e.target.value as never)}
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        {list.isPending ? (
          <LoadingRows rows={5} />
        ) : list.error ? (
          <Alert tone="danger">{errorMessage(list.error)}</Alert>
        ) : list.data.rows.length === 0 ? (
          <EmptyState icon={ClipboardList} title="No applications">
            Applications appear when a shopper scans a store’s QR code and applies.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <tr>
                  <TH>When</TH>
                  <TH>Reference</TH>
                  <TH>Store</TH>
                  <TH className="text-right">Amount</TH>
                  <TH>Mode</TH>
                  <TH>Status</TH>
                  <TH className="text-right">Calls</TH>
                </tr>
              </THead>
              <TBody>
                {list.data.rows.map((row) => (
                  <TR key={row.id} className="cursor-pointer" onClick={() => setOpen(row.id)}>
                    <TD className="whitespace-nowrap">{formatRelative(row.createdAt)}</TD>
                    <TD className="font-mono text-xs">
                      <button type="button" className="underline" onClick={() => setOpen(row.id)}>
                        {row.reference}
                      </button>
                    </TD>
                    <TD>{row.storeName}</TD>
                    <TD className="text-right">{formatRupees(row.ticketPaise)}</TD>
                    <TD>{row.mode === "ALL_OFFERS" ? "all offers" : "waterfall"}</TD>
                    <TD>
                      <Badge>{row.status}</Badge>
                    </TD>
                    <TD className="text-right">{row.attempts}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <div className="flex items-center justify-between pt-3 text-sm">
              <span>{list.data.total} applications</span>
              <div className="flex gap-2">
                <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  Previous
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={page * 20 >= list.data.total}
                  onClick={() => setPage(page + 1)}
                >
                  Next
                </Button>
              </div>
            </div>
          </div>
        )}
      </CardContent>
      {open ? <ApplicationDetail id={open} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}

export function AdminReconciliation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<"OPEN" | "RESOLVED">("OPEN");
  const [resolving, setResolving] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const items = useQuery({
    ...trpc.lending.admin.reconciliation.queryOptions({ status }),
    refetchInterval: 5_000,
  });
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.lending.admin.reconciliation.queryKey() });
  const check = useMutation(
    trpc.lending.admin.checkReconciliation.mutationOptions({
      onSuccess: (result) => {
        toast.success(
          result.resolved ? `Resolved: lender says ${result.outcome}` : `Still unknown (${result.outcome})`,
        );
        void refresh();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const resolve = useMutation(
    trpc.lending.admin.resolveReconciliation.mutationOptions({
      onSuccess: () => {
        setResolving(null);
        setNote("");
        void refresh();
      },
    }),
  );
  return (
    <Card>
      <CardContent className="grid gap-4 p-4">
        <div className="flex gap-2">
          <Button
            size="sm"
            variant={status === "OPEN" ? "default" : "outline"}
            onClick={() => setStatus("OPEN")}
          >
            Open
          </Button>
          <Button
            size="sm"
            variant={status === "RESOLVED" ? "default" : "outline"}
            onClick={() => setStatus("RESOLVED")}
          >
            Resolved
          </Button>
        </div>
        {items.isPending ? (
          <LoadingRows rows={3} />
        ) : items.error ? (
          <Alert tone="danger">{errorMessage(items.error)}</Alert>
        ) : items.data.length === 0 ? (
          <EmptyState
            icon={ShieldCheck}
            title={status === "OPEN" ? "Nothing to reconcile" : "Nothing resolved yet"}
          >
            Lender calls whose outcome stays unknown after the status-inquiry schedule land here; the sweep
            asks the lender again every 30 seconds.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <tr>
                  <TH>Opened</TH>
                  <TH>Lender</TH>
                  <TH>Our reference</TH>
                  <TH>Application</TH>
                  <TH className="text-right">Inquiries</TH>
                  <TH>{status === "OPEN" ? "" : "Resolution"}</TH>
                </tr>
              </THead>
              <TBody>
                {items.data.map((item) => (
                  <TR key={item.id}>
                    <TD className="whitespace-nowrap">{formatDateTime(item.createdAt)}</TD>
                    <TD className="font-mono text-xs">{item.lenderCode}</TD>
                    <TD className="font-mono text-xs">{item.reference}</TD>
                    <TD>
                      {item.application ? `${item.application.reference} (${item.application.status})` : "—"}
                    </TD>
                    <TD className="text-right">{item.inquiries}</TD>
                    <TD className="whitespace-nowrap">
                      {status === "OPEN" ? (
                        <div className="flex gap-1">
                          <Button
                            size="sm"
                            variant="outline"
                            loading={check.isPending}
                            onClick={() => check.mutate({ itemId: item.id })}
                          >
                            Ask lender now
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setResolving(item.id)}>
                            Resolve by hand
                          </Button>
                        </div>
                      ) : (
                        <span className="text-xs">{item.resolution}</span>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </CardContent>
      {resolving ? (
        <Dialog open onOpenChange={(isOpen) => !isOpen && setResolving(null)}>
          <DialogContent
            title="Resolve by hand"
            description="Record what the lender's operations team confirmed."
          >
            {resolve.error ? <Alert tone="danger">{errorMessage(resolve.error)}</Alert> : null}
            <Field id="resolve-note" label="Resolution">
              <Input id="resolve-note" value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={() => setResolving(null)}>
                Cancel
              </Button>
              <Button loading={resolve.isPending} onClick={() => resolve.mutate({ itemId: resolving, note })}>
                Mark resolved
              </Button>
            </div>
          </DialogContent>
        </Dialog>
      ) : null}
    </Card>
  );
}
