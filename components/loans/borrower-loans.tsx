"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronRight, Wallet } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { day, LOAN_STATUS_TONE, rupees } from "./format";

/** The signed-in borrower's loans (checkout PWA). */
export function BorrowerLoans() {
  const trpc = useTRPC();
  const loans = useQuery(trpc.loans.mine.queryOptions());
  if (loans.isPending) return <LoadingRows rows={3} label="Loading your loans" />;
  if (loans.error)
    return (
      <Alert tone="danger" title="Your loans could not be loaded">
        {errorMessage(loans.error)} Pull to refresh or try again in a minute.
      </Alert>
    );
  if (loans.data.length === 0) {
    return (
      <EmptyState icon={Wallet} title="No loans yet">
        When you buy on EMI at a Flux store, the loan appears here with its schedule and agreement.
      </EmptyState>
    );
  }
  return (
    <ul className="grid gap-3" data-testid="my-loans">
      {loans.data.map((loan) => (
        <li key={loan.id}>
          <Link
            href={`/checkout/home/loans/${loan.id}`}
            className="flex items-center gap-3 rounded-2xl border border-border bg-surface p-4 shadow-sm hover:bg-muted"
          >
            <div className="grid flex-1 gap-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{loan.purchaseDescription}</span>
                <Badge tone={LOAN_STATUS_TONE[loan.status]}>{loan.status.toLowerCase()}</Badge>
                {loan.dpd > 0 ? <Badge tone="danger">{loan.dpd} days overdue</Badge> : null}
              </div>
              <span className="text-sm text-muted-foreground">
                {loan.lenderName} · {loan.reference}
              </span>
              {loan.nextDue ? (
                <span className="text-sm">
                  Next EMI <strong>{rupees(loan.nextDue.amountPaise)}</strong> on {day(loan.nextDue.dueDate)}
                </span>
              ) : (
                <span className="text-sm text-muted-foreground">
                  {loan.closureReason ?? "Nothing due"}
                  {loan.closedOn ? ` on ${day(loan.closedOn)}` : ""}
                </span>
              )}
            </div>
            <ChevronRight className="size-5 text-muted-foreground" aria-hidden />
          </Link>
        </li>
      ))}
    </ul>
  );
}
