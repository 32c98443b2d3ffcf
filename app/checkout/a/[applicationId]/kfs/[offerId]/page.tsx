import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Brand } from "@/components/brand";
import { Alert } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { currentActor, serverApi } from "@/lib/trpc/server";
import { formatPercentFromBps, formatRupees } from "@/server/loans/domain/money";

export const metadata: Metadata = { title: "Key Fact Statement" };

export default async function KfsPage({
  params,
}: {
  params: Promise<{ applicationId: string; offerId: string }>;
}) {
  const { applicationId, offerId } = await params;
  const actor = await currentActor();
  if (actor.kind !== "user" || !actor.roles.includes("shopper"))
    redirect(`/checkout?callbackUrl=${encodeURIComponent(`/checkout/a/${applicationId}/kfs/${offerId}`)}`);
  let data: Awaited<ReturnType<Awaited<ReturnType<typeof serverApi>>["lending"]["checkout"]["kfs"]>>;
  try {
    data = await (await serverApi()).lending.checkout.kfs({ offerId });
  } catch {
    return (
      <main className="grid gap-4 pt-4">
        <Brand href="/checkout/home" subtitle="Checkout" />
        <Alert tone="danger" title="Key Fact Statement not found">
          Go back to your offers and open the statement from there.
        </Alert>
      </main>
    );
  }
  const kfs = data.kfs;
  const rows: [string, string][] = [
    ["Proposal number", kfs.proposalNumber],
    ["Lender", `${kfs.lender.name} (${kfs.lender.regulatoryStatus})`],
    ["Lending service provider", kfs.lsp.name],
    ["Loan amount", formatRupees(kfs.sanctionedAmountPaise)],
    ["Instalments", `${kfs.term.instalmentCount} (${kfs.term.frequencyLabel})`],
    ["Annual percentage rate (APR)", `${formatPercentFromBps(kfs.apr.bps)} %`],
    ["Total amount payable", formatRupees(kfs.totals.totalPayablePaise)],
    ["Valid until", kfs.validUntil],
    ["Cooling-off period", `${kfs.coolingOff.days} days: ${kfs.coolingOff.text}`],
    [
      "Lender's grievance officer",
      `${kfs.lender.grievanceOfficer.name}, ${kfs.lender.grievanceOfficer.email}`,
    ],
    ["Flux grievance officer", `${kfs.lsp.grievanceOfficer.name}, ${kfs.lsp.grievanceOfficer.email}`],
  ];
  return (
    <main className="grid gap-4 pt-4">
      <Brand href="/checkout/home" subtitle="Checkout" />
      <h1 className="text-xl font-semibold">Key Fact Statement</h1>
      <dl className="grid gap-2 rounded-2xl border border-border bg-surface p-4 text-sm" data-testid="kfs">
        {rows.map(([label, value]) => (
          <div key={label} className="grid gap-0.5">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="font-semibold">Charges</h2>
      <ul className="grid gap-1 text-sm">
        {kfs.charges.map((charge) => (
          <li key={charge.code}>
            {charge.name}: {formatRupees(charge.amountPaise)} (incl. tax {formatRupees(charge.taxPaise)}),
            payable to {charge.payableTo}
          </li>
        ))}
        {kfs.contingentCharges.map((charge) => (
          <li key={charge.code}>
            {charge.name}: {charge.amountLabel}
          </li>
        ))}
      </ul>
      <h2 className="font-semibold">Repayment schedule</h2>
      <div className="overflow-x-auto">
        <Table>
          <THead>
            <tr>
              <TH>#</TH>
              <TH>Due</TH>
              <TH className="text-right">Instalment</TH>
              <TH className="text-right">Outstanding</TH>
            </tr>
          </THead>
          <TBody>
            {kfs.schedule
              .filter((row) => row.kind === "INSTALMENT")
              .map((row) => (
                <TR key={row.number}>
                  <TD>{row.number}</TD>
                  <TD>{row.dueDate}</TD>
                  <TD className="text-right">{formatRupees(row.totalPaise)}</TD>
                  <TD className="text-right">{formatRupees(row.balancePaise)}</TD>
                </TR>
              ))}
          </TBody>
        </Table>
      </div>
      <Link
        href={`/checkout/a/${applicationId}`}
        className="text-sm text-primary underline underline-offset-4"
      >
        Back to the offers
      </Link>
    </main>
  );
}
