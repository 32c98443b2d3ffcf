"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleSlash, Loader2, PackageCheck, Scale } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatPercentFromBps, formatRupees } from "@/server/loans/domain/money";

const DECIDING = new Set(["SUBMITTED", "IN_PROGRESS"]);

function newKey(): string {
  return `accept-${crypto.randomUUID()}`;
}

export function ApplicationView({ applicationId }: { applicationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const application = useQuery({
    ...trpc.lending.checkout.application.queryOptions({ applicationId }),
    // Live progress: poll quickly while lenders decide, slowly once there is something to read.
    refetchInterval: (query) => (DECIDING.has(query.state.data?.status ?? "SUBMITTED") ? 600 : 5_000),
  });
  // One idempotency key per offer screen: a double tap (or a retried request) sends the same key.
  const [acceptKey] = useState(newKey);
  const accept = useMutation(
    trpc.lending.checkout.accept.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.lending.checkout.application.queryKey() }),
    }),
  );
  const cancel = useMutation(
    trpc.lending.checkout.cancel.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.lending.checkout.application.queryKey() }),
    }),
  );

  if (application.isPending) return <LoadingRows rows={4} label="Loading your application" />;
  if (application.error)
    return (
      <Alert tone="danger" title="We could not load this application">
        {errorMessage(application.error)} Pull down to refresh, or ask the store for help.
      </Alert>
    );
  const app = application.data;

  const header = (
    <section className="rounded-2xl border border-border bg-surface p-4 shadow-sm">
      <p className="text-sm text-muted-foreground">
        {app.storeName} · {app.item}
      </p>
      <p className="text-xl font-semibold">{formatRupees(app.ticketPaise)}</p>
      <p className="text-xs text-muted-foreground">Application {app.reference}</p>
    </section>
  );

  if (DECIDING.has(app.status)) {
    return (
      <div className="grid gap-4" data-testid="progress">
        {header}
        <section className="grid gap-3 rounded-2xl border border-border bg-surface p-4" aria-live="polite">
          <h2 className="flex items-center gap-2 font-semibold">
            <Loader2 className="size-5 animate-spin text-primary" aria-hidden /> Asking lenders…
          </h2>
          <p className="text-sm text-muted-foreground">
            {app.status === "SUBMITTED"
              ? "Checking your credit record (with your consent) and choosing lenders."
              : app.mode === "ALL_OFFERS"
                ? "Every eligible lender is being asked at once. This usually takes a few seconds."
                : "Lenders are asked one at a time, in the order our published rules set."}
          </p>
          <ul className="grid gap-2">
            {app.lenders.map((lender) => (
              <li
                key={lender.lenderCode}
                className="flex items-center justify-between rounded-lg bg-muted px-3 py-2 text-sm"
              >
                <span>{lender.lenderName}</span>
                <Badge
                  tone={
                    lender.step === "Approved" ? "success" : lender.step === "Declined" ? "danger" : "neutral"
                  }
                >
                  {lender.step}
                </Badge>
              </li>
            ))}
          </ul>
        </section>
        <Button variant="ghost" loading={cancel.isPending} onClick={() => cancel.mutate({ applicationId })}>
          Cancel application
        </Button>
      </div>
    );
  }

  if (app.status === "ACCEPTED") {
    const offer = app.offers[0];
    return (
      <div className="grid gap-4">
        <section
          className="grid gap-3 rounded-2xl border border-success/30 bg-success-soft p-6 text-center"
          data-testid="approved"
        >
          <PackageCheck className="mx-auto size-12 text-success" aria-hidden />
          <h1 className="text-2xl font-bold text-success">Approved: hand over the goods</h1>
          <p className="text-sm">Show this screen at the counter. The store sees your approval too.</p>
          {offer ? (
            <p className="text-sm">
              {offer.lenderName}: {offer.tenorMonths} EMIs of {formatRupees(offer.emiPaise)} · APR{" "}
              {formatPercentFromBps(offer.aprBps)} %
            </p>
          ) : null}
        </section>
        {header}
        <p className="text-xs text-muted-foreground">
          Your loan agreement arrives by SMS and email in a few minutes. You may cancel within the cooling-off
          period by repaying the principal and proportionate interest, without penalty.
        </p>
      </div>
    );
  }

  if (app.status === "OFFERED") {
    return (
      <div className="grid gap-4">
        {header}
        <h1 className="text-lg font-semibold">
          {app.offers.length === 1 ? "You are approved" : `${app.offers.length} lenders will lend to you`}
        </h1>
        {accept.error ? (
          <Alert tone="danger" title="Not accepted">
            {errorMessage(accept.error)}
          </Alert>
        ) : null}
        {app.orderingDisclosure ? (
          <Alert tone="info" title="How these offers are ordered">
            <span data-testid="ordering-disclosure">{app.orderingDisclosure}</span>
          </Alert>
        ) : null}
        <ol className="grid gap-3 sm:grid-cols-2" aria-label="Offers">
          {app.offers.map((offer) => (
            <li
              key={offer.id}
              className="grid gap-3 rounded-2xl border border-border bg-surface p-4 shadow-sm"
              data-testid="offer"
              data-lender={offer.lenderCode}
            >
              <div className="flex items-center justify-between">
                <h2 className="font-semibold">{offer.lenderName}</h2>
                {app.orderingDisclosure ? <Badge tone="neutral">#{offer.displayRank}</Badge> : null}
              </div>
              <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                <dt className="text-muted-foreground">Amount</dt>
                <dd className="text-right">{formatRupees(offer.principalPaise)}</dd>
                <dt className="text-muted-foreground">Tenor</dt>
                <dd className="text-right">{offer.tenorMonths} months</dd>
                <dt className="text-muted-foreground">EMI</dt>
                <dd className="text-right font-semibold">{formatRupees(offer.emiPaise)}</dd>
                <dt className="text-muted-foreground">APR</dt>
                <dd className="text-right">{formatPercentFromBps(offer.aprBps)} %</dd>
                <dt className="text-muted-foreground">Interest rate</dt>
                <dd className="text-right">{formatPercentFromBps(offer.annualRateBps)} % p.a.</dd>
                <dt className="text-muted-foreground">Processing fee</dt>
                <dd className="text-right">{formatRupees(offer.processingFeePaise)}</dd>
                <dt className="text-muted-foreground">Total cost</dt>
                <dd className="text-right">{formatRupees(offer.totalCostPaise)}</dd>
                <dt className="text-muted-foreground">Total payable</dt>
                <dd className="text-right">{formatRupees(offer.totalPayablePaise)}</dd>
              </dl>
              <Link
                href={`/checkout/a/${app.id}/kfs/${offer.id}`}
                className="text-sm text-primary underline underline-offset-4"
              >
                Key Fact Statement ({offer.proposalNumber})
              </Link>
              <Button
                size="lg"
                loading={accept.isPending && accept.variables?.offerId === offer.id}
                disabled={accept.isPending}
                onClick={() =>
                  accept.mutate({ applicationId: app.id, offerId: offer.id, idempotencyKey: acceptKey })
                }
              >
                Accept {offer.lenderName}
              </Button>
            </li>
          ))}
        </ol>
        <Button variant="ghost" loading={cancel.isPending} onClick={() => cancel.mutate({ applicationId })}>
          No thanks, I will pay another way
        </Button>
      </div>
    );
  }

  // DECLINED, EXPIRED, CANCELLED
  return (
    <div className="grid gap-4" data-testid="declined">
      {header}
      <EmptyState
        icon={app.status === "DECLINED" ? CircleSlash : app.status === "CANCELLED" ? CheckCircle2 : Scale}
        title={
          app.status === "DECLINED"
            ? "Not approved this time"
            : app.status === "EXPIRED"
              ? "These offers expired"
              : "Application cancelled"
        }
      >
        <p data-testid="decline-reason">{app.declineReason}</p>
        <p className="mt-2">
          What you can do next: pay another way at the counter, or ask the store for a new code to try a
          smaller amount. Questions or complaints: grievance@flux.local (answered within 30 days).
        </p>
      </EmptyState>
      <Link href="/checkout/home" className="text-center text-sm text-primary underline underline-offset-4">
        Back to my EMIs
      </Link>
    </div>
  );
}
