"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Landmark } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { day, LOAN_STATUS_TONE, rupees } from "./format";

/** Loans financed at the merchant's stores, with cancel/refund (the refund closes the loan). */
export function StoreLoans() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const loans = useQuery(trpc.loans.storeLoans.queryOptions());
  const [target, setTarget] = useState<{ id: string; reference: string } | null>(null);
  const [reason, setReason] = useState("Customer returned the item");
  const cancel = useMutation(
    trpc.loans.cancelForRefund.mutationOptions({
      onSuccess: async () => {
        toast.success("Purchase cancelled: the loan is closed and the lender refunded");
        setTarget(null);
        await queryClient.invalidateQueries({ queryKey: trpc.loans.storeLoans.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>EMI purchases</CardTitle>
          <CardDescription>
            Loans your customers took at your stores. Cancel one when the item is returned.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="overflow-x-auto p-0">
        {loans.isPending ? (
          <LoadingRows label="Loading EMI purchases" />
        ) : loans.error ? (
          <Alert tone="danger">{errorMessage(loans.error)}</Alert>
        ) : loans.data.length === 0 ? (
          <div className="p-4">
            <EmptyState icon={Landmark} title="No EMI purchases yet">
              When a customer pays with a Flux EMI at your store, the loan appears here.
            </EmptyState>
          </div>
        ) : (
          <Table data-testid="store-loans">
            <THead>
              <tr>
                <TH>Loan</TH>
                <TH>Customer</TH>
                <TH>Purchase</TH>
                <TH className="text-right">Amount</TH>
                <TH>Status</TH>
                <TH />
              </tr>
            </THead>
            <TBody>
              {loans.data.map((loan) => (
                <TR key={loan.id}>
                  <TD className="font-mono text-xs">
                    {loan.reference}
                    <span className="block text-muted-foreground">
                      {day(loan.createdAt.toISOString().slice(0, 10))}
                    </span>
                  </TD>
                  <TD>{loan.borrowerName}</TD>
                  <TD>
                    {loan.purchaseDescription}
                    <span className="block text-xs text-muted-foreground">{loan.storeName}</span>
                  </TD>
                  <TD className="text-right tabular-nums">{rupees(loan.principalPaise)}</TD>
                  <TD>
                    <Badge tone={LOAN_STATUS_TONE[loan.status]}>{loan.status.toLowerCase()}</Badge>
                  </TD>
                  <TD>
                    {loan.status === "ACTIVE" ? (
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={() => setTarget({ id: loan.id, reference: loan.reference })}
                      >
                        Cancel / refund
                      </Button>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
      <Dialog open={target !== null} onOpenChange={(open) => (open ? null : setTarget(null))}>
        <DialogContent
          title={`Cancel the purchase for loan ${target?.reference ?? ""}`}
          description="You refund the purchase price to the lender; the loan closes and the customer gets back anything they paid."
        >
          <form
            className="grid gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              if (target) cancel.mutate({ loanId: target.id, reason });
            }}
          >
            <Field id="cancel-reason" label="Reason">
              <Input
                id="cancel-reason"
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                maxLength={200}
              />
            </Field>
            <Button type="submit" variant="destructive" loading={cancel.isPending}>
              Cancel purchase and close the loan
            </Button>
          </form>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
