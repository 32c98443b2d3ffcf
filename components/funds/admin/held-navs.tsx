"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatNav, formatNavDate } from "../format";

export function HeldNavs() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<"PENDING" | "APPROVED" | "REJECTED">("PENDING");
  const held = useQuery(trpc.funds.held.queryOptions({ status }));
  const decide = useMutation(
    trpc.funds.decideHeld.mutationOptions({
      onSuccess: async (result) => {
        toast.success(result.status === "APPROVED" ? "NAV approved and published" : "NAV rejected");
        await queryClient.invalidateQueries({ queryKey: trpc.funds.held.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <Card>
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-border p-4">
        <p className="max-w-xl text-sm text-muted-foreground">
          NAVs that moved more than the validation threshold against the scheme's previous NAV. They are not
          published until approved.
        </p>
        <div className="grid gap-1">
          <label htmlFor="held-status" className="text-xs font-medium text-muted-foreground">
            Show
          </label>
          <Select
            id="held-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
          >
            <option value="PENDING">Waiting for review</option>
            <option value="APPROVED">Approved</option>
            <option value="REJECTED">Rejected</option>
          </Select>
        </div>
      </div>
      <CardContent className="p-4">
        {held.error ? (
          <Alert tone="danger">{errorMessage(held.error)}</Alert>
        ) : held.isPending ? (
          <LoadingRows rows={4} />
        ) : held.data.length === 0 ? (
          <EmptyState icon={ShieldCheck} title={status === "PENDING" ? "Nothing to review" : "None yet"}>
            {status === "PENDING" ? "Every ingested NAV was within the jump threshold." : null}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <TR>
                  <TH>Scheme</TH>
                  <TH className="text-right">Previous</TH>
                  <TH className="text-right">New</TH>
                  <TH className="text-right">Move</TH>
                  {status === "PENDING" ? <TH className="text-right">Decision</TH> : <TH>Decided by</TH>}
                </TR>
              </THead>
              <TBody>
                {held.data.map((row) => (
                  <TR key={row.id}>
                    <TD>
                      <div className="font-medium">{row.schemeName}</div>
                      <div className="text-xs text-muted-foreground">
                        {row.amc ?? ""} · {row.schemeCode}
                      </div>
                    </TD>
                    <TD className="text-right">
                      <div className="font-mono">{formatNav(row.previousNav)}</div>
                      <div className="text-xs text-muted-foreground">
                        {formatNavDate(row.previousNavDate)}
                      </div>
                    </TD>
                    <TD className="text-right">
                      <div className="font-mono">{formatNav(row.nav)}</div>
                      <div className="text-xs text-muted-foreground">{formatNavDate(row.navDate)}</div>
                    </TD>
                    <TD className="text-right tabular-nums">{(row.jumpBps / 100).toFixed(2)}%</TD>
                    {status === "PENDING" ? (
                      <TD className="text-right">
                        <div className="flex justify-end gap-2">
                          <Button
                            size="sm"
                            variant="outline"
                            disabled={decide.isPending}
                            onClick={() => decide.mutate({ id: row.id, decision: "REJECTED" })}
                          >
                            Reject
                          </Button>
                          <Button
                            size="sm"
                            disabled={decide.isPending}
                            onClick={() => decide.mutate({ id: row.id, decision: "APPROVED" })}
                          >
                            Approve
                          </Button>
                        </div>
                      </TD>
                    ) : (
                      <TD className="text-sm">{row.decidedBy}</TD>
                    )}
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
