"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft, FileCheck2, FileText, LogOut, Wallet } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { day, LOAN_STATUS_TONE, parseAmount, rupees, STATUS_LABEL, STATUS_TONE } from "./format";

type Intent = "EMI" | "PREPAY_REDUCE_EMI" | "PREPAY_REDUCE_TENURE" | "FORECLOSE" | "COOLING_OFF_EXIT";

function newKey(): string {
  return `pay-${crypto.randomUUID()}`;
}

/** One loan of the signed-in borrower: next EMI, schedule, payments, documents. */
export function BorrowerLoan({ loanId }: { loanId: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const returning = params.get("payment");
  const failed = params.get("error");
  const loan = useQuery({
    ...trpc.loans.myLoan.queryOptions({ loanId }),
    refetchInterval: (query) => {
      if (!returning) return false;
      const payment = query.state.data?.payments.find((candidate) => candidate.id === returning);
      return payment && payment.status !== "CREATED" ? false : 1_500;
    },
  });
  const [dialog, setDialog] = useState<null | "prepay" | "foreclose" | "exit">(null);
  const [key, setKey] = useState(newKey);
  const [amount, setAmount] = useState("");
  const [mode, setMode] = useState<"PREPAY_REDUCE_EMI" | "PREPAY_REDUCE_TENURE">("PREPAY_REDUCE_TENURE");
  const [amountError, setAmountError] = useState<string | undefined>();

  const start = useMutation(
    trpc.loans.startPayment.mutationOptions({
      onSuccess: (started) => {
        toast.success("Opening the payment page");
        window.location.assign(started.checkoutUrl);
      },
      onError: (error) => {
        toast.error(errorMessage(error));
        setKey(newKey());
      },
    }),
  );
  const link = useMutation(
    trpc.loans.documentLink.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  function pay(intent: Intent, amountPaise?: bigint) {
    start.mutate({ loanId, intent, amountPaise, idempotencyKey: key });
  }

  if (loan.isPending) return <LoadingRows rows={5} label="Loading your loan" />;
  if (loan.error) {
    return (
      <Alert tone="danger" title="This loan could not be loaded">
        {errorMessage(loan.error)} Go back to your loans and open it again.
      </Alert>
    );
  }
  const data = loan.data;
  const returningPayment = returning ? data.payments.find((payment) => payment.id === returning) : null;
  const hasAgreement = data.documents.some((document) => document.kind === "AGREEMENT");
  const hasNoDues = data.documents.some((document) => document.kind === "NO_DUES");
  const paidCount = data.schedule.filter((row) => row.status === "PAID").length;

  return (
    <div className="grid gap-4">
      <Link
        href="/checkout/home/loans"
        className="inline-flex items-center gap-1 text-sm text-muted-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> Your loans
      </Link>
      <header className="grid gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold">{data.purchaseDescription}</h1>
          <Badge tone={LOAN_STATUS_TONE[data.status]} data-testid="loan-status">
            {data.status.toLowerCase()}
          </Badge>
        </div>
        <p className="text-sm text-muted-foreground">
          {data.lenderName} · loan {data.reference} · {rupees(data.principalPaise)} at{" "}
          {(data.annualRateBps / 100).toFixed(2)} % (APR {(data.aprBps / 100).toFixed(2)} %)
        </p>
      </header>

      {returning && failed ? (
        <Alert tone="danger" title="The payment did not go through">
          Nothing was taken. Try again, or use another UPI app.
        </Alert>
      ) : returning ? (
        returningPayment?.status === "APPLIED" ? (
          <Alert tone="success" title="Payment received">
            {rupees(returningPayment.receivedPaise)} was applied to your loan. Your schedule below is up to
            date.
          </Alert>
        ) : returningPayment?.status === "SUSPENSE" ? (
          <Alert tone="warning" title="Payment received, under review">
            {returningPayment.flagReason}. Our team will apply or refund it within one working day.
          </Alert>
        ) : (
          <Alert tone="info" title="Confirming your payment">
            The bank is confirming it; this page updates by itself.
          </Alert>
        )
      ) : null}

      {data.dpd > 0 ? (
        <Alert tone="danger" title={`${data.dpd} day(s) overdue`}>
          Pay the overdue amount now to avoid further charges and a mark on your credit record.
        </Alert>
      ) : null}

      {data.status === "ACTIVE" ? (
        <div className="grid grid-cols-2 gap-3">
          <Card className="p-4">
            <p className="text-xs text-muted-foreground">Next EMI</p>
            <p className="text-xl font-semibold tabular-nums" data-testid="next-emi">
              {data.nextDue ? rupees(data.nextDue.amountPaise) : "—"}
            </p>
            <p className="text-xs text-muted-foreground">
              {data.nextDue ? day(data.nextDue.dueDate) : "Nothing due"}
            </p>
          </Card>
          <Card className="p-4">
            <p className="text-xs text-muted-foreground">Principal outstanding</p>
            <p className="text-xl font-semibold tabular-nums" data-testid="outstanding">
              {rupees(data.outstandingPrincipalPaise)}
            </p>
            <p className="text-xs text-muted-foreground">
              {paidCount} of {data.schedule.length} instalments paid
            </p>
          </Card>
        </div>
      ) : (
        <Alert tone="success" title={data.status === "CANCELLED" ? "Loan cancelled" : "Loan closed"}>
          {data.closureReason} on {day(data.closedOn)}.
          {data.refundDuePaise > 0n
            ? ` ${rupees(data.refundDuePaise)} will be refunded to you.`
            : " Nothing is due."}
        </Alert>
      )}

      {data.status === "ACTIVE" ? (
        <div className="grid gap-2">
          <Button size="lg" onClick={() => pay("EMI")} disabled={start.isPending} data-testid="pay-emi">
            <Wallet aria-hidden /> Pay EMI
          </Button>
          <div className="grid grid-cols-2 gap-2">
            <Button variant="outline" onClick={() => setDialog("prepay")}>
              Prepay
            </Button>
            <Button variant="outline" onClick={() => setDialog("foreclose")} data-testid="foreclose">
              Close the loan
            </Button>
          </div>
          {data.coolingOff?.eligible ? (
            <Button variant="ghost" onClick={() => setDialog("exit")} data-testid="cooling-off-exit">
              <LogOut aria-hidden /> Exit without penalty (until {day(data.coolingOff.until)})
            </Button>
          ) : null}
        </div>
      ) : null}

      <Card>
        <CardHeader>
          <div>
            <CardTitle>Documents</CardTitle>
            <CardDescription>Digitally signed; links are valid for 10 minutes.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-2">
          <Button
            variant="outline"
            onClick={() => link.mutate({ loanId, kind: "AGREEMENT" })}
            disabled={!hasAgreement || link.isPending}
            data-testid="open-agreement"
          >
            <FileText aria-hidden /> {hasAgreement ? "Loan agreement (PDF)" : "Agreement being prepared…"}
          </Button>
          {data.status !== "ACTIVE" ? (
            <Button
              variant="outline"
              onClick={() => link.mutate({ loanId, kind: "NO_DUES" })}
              disabled={!hasNoDues || link.isPending}
              data-testid="open-no-dues"
            >
              <FileCheck2 aria-hidden />{" "}
              {hasNoDues ? "No-dues certificate (PDF)" : "No-dues certificate being issued…"}
            </Button>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <div>
            <CardTitle>Schedule</CardTitle>
            <CardDescription>As of {day(data.businessDate)}.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          <Table data-testid="schedule">
            <THead>
              <tr>
                <TH>#</TH>
                <TH>Due</TH>
                <TH className="text-right">Amount</TH>
                <TH>Status</TH>
              </tr>
            </THead>
            <TBody>
              {data.schedule.map((row) => (
                <TR key={row.number} data-testid={`instalment-${row.number}`}>
                  <TD>{row.number}</TD>
                  <TD>{day(row.dueDate)}</TD>
                  <TD className="text-right tabular-nums">
                    {rupees(row.totalPaise)}
                    {row.paidPaise > 0n && row.paidPaise < row.totalPaise ? (
                      <span className="block text-xs text-muted-foreground">
                        paid {rupees(row.paidPaise)}
                      </span>
                    ) : null}
                  </TD>
                  <TD>
                    <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>

      {data.payments.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Payments</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-2 text-sm">
            {data.payments.map((payment) => (
              <div key={payment.id} className="flex items-center justify-between gap-2">
                <span>
                  {payment.intent.replaceAll("_", " ").toLowerCase()} ·{" "}
                  {rupees(payment.receivedPaise ?? payment.expectedPaise)}
                </span>
                <Badge
                  tone={
                    payment.status === "APPLIED"
                      ? "success"
                      : payment.status === "SUSPENSE"
                        ? "warning"
                        : payment.status === "FAILED"
                          ? "danger"
                          : "neutral"
                  }
                >
                  {payment.status.toLowerCase()}
                </Badge>
              </div>
            ))}
          </CardContent>
        </Card>
      ) : null}

      <Dialog open={dialog === "prepay"} onOpenChange={(open) => setDialog(open ? "prepay" : null)}>
        <DialogContent
          title="Prepay part of your loan"
          description="Overdue amounts are cleared first; the rest reduces your principal."
        >
          <form
            className="grid gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              const value = parseAmount(amount);
              if (!value) return setAmountError("Enter an amount in rupees, e.g. 5000");
              setAmountError(undefined);
              pay(mode, value);
            }}
          >
            <Field id="prepay-amount" label="Amount (₹)" error={amountError}>
              <Input
                id="prepay-amount"
                inputMode="decimal"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
                placeholder="5000"
              />
            </Field>
            <Field id="prepay-mode" label="Then">
              <Select
                id="prepay-mode"
                value={mode}
                onChange={(event) => setMode(event.target.value as typeof mode)}
              >
                <option value="PREPAY_REDUCE_TENURE">Keep my EMI, finish sooner</option>
                <option value="PREPAY_REDUCE_EMI">Keep the end date, lower my EMI</option>
              </Select>
            </Field>
            <Button type="submit" disabled={start.isPending}>
              Continue to payment
            </Button>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "foreclose"} onOpenChange={(open) => setDialog(open ? "foreclose" : null)}>
        <DialogContent
          title="Close the loan today"
          description="Pay the principal, interest up to today and anything overdue. Future interest is not charged."
        >
          {data.foreclosure ? (
            <div className="grid gap-3 text-sm">
              <dl className="grid grid-cols-2 gap-1">
                <dt className="text-muted-foreground">Principal</dt>
                <dd className="text-right tabular-nums">{rupees(data.foreclosure.principalPaise)}</dd>
                <dt className="text-muted-foreground">Interest to today</dt>
                <dd className="text-right tabular-nums">{rupees(data.foreclosure.accruedInterestPaise)}</dd>
                <dt className="text-muted-foreground">Overdue and charges</dt>
                <dd className="text-right tabular-nums">
                  {rupees(data.foreclosure.overduePaise + data.foreclosure.chargesPaise)}
                </dd>
                <dt className="font-medium">To pay</dt>
                <dd className="text-right font-semibold tabular-nums" data-testid="foreclosure-amount">
                  {rupees(data.foreclosure.payablePaise)}
                </dd>
              </dl>
              <p className="text-xs text-muted-foreground">
                You save {rupees(data.foreclosure.interestForgonePaise)} of future interest.
              </p>
              <Button
                onClick={() => pay("FORECLOSE")}
                disabled={start.isPending}
                data-testid="confirm-foreclose"
              >
                Pay {rupees(data.foreclosure.payablePaise)}
              </Button>
            </div>
          ) : null}
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "exit"} onOpenChange={(open) => setDialog(open ? "exit" : null)}>
        <DialogContent
          title="Exit in the cooling-off period"
          description="Repay the principal plus the APR for the days you held the loan. No penalty."
        >
          {data.coolingOff ? (
            <div className="grid gap-3 text-sm">
              <dl className="grid grid-cols-2 gap-1">
                <dt className="text-muted-foreground">Principal</dt>
                <dd className="text-right tabular-nums">{rupees(data.coolingOff.principalPaise)}</dd>
                <dt className="text-muted-foreground">APR for {data.coolingOff.daysHeld} day(s)</dt>
                <dd className="text-right tabular-nums">{rupees(data.coolingOff.costPaise)}</dd>
                <dt className="font-medium">To pay</dt>
                <dd className="text-right font-semibold tabular-nums">
                  {rupees(data.coolingOff.payablePaise)}
                </dd>
              </dl>
              <Button onClick={() => pay("COOLING_OFF_EXIT")} disabled={start.isPending}>
                Pay {rupees(data.coolingOff.payablePaise)} and exit
              </Button>
            </div>
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
