import { QrCode } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { EmptyState } from "@/components/ui/feedback";
import { serverApi } from "@/lib/trpc/server";
import { formatRupees } from "@/server/loans/domain/money";

export const metadata: Metadata = { title: "Your EMI" };

export default async function CheckoutHomePage() {
  const api = await serverApi();
  const { user } = await api.dashboard.checkout();
  // lending (issue 3): the shopper's recent EMI applications
  const applications = await api.lending.checkout.mine();
  return (
    <main className="flex flex-1 flex-col gap-6 pt-4">
      <header className="flex items-center justify-between">
        <Brand href="/checkout" subtitle="Checkout" />
        <SignOutButton callbackUrl="/checkout" compact />
      </header>
      <section className="rounded-2xl border border-border bg-surface p-6 shadow-sm">
        <p className="text-sm text-muted-foreground">Signed in as</p>
        <p className="text-lg font-semibold" data-testid="shopper-phone">
          {user.phone}
        </p>
      </section>
      {/* loans (issue 4): the borrower's loans */}
      <Link
        href="/checkout/home/loans"
        className="flex items-center justify-between rounded-2xl border border-border bg-surface p-4 shadow-sm hover:bg-muted"
        data-testid="my-loans-link"
      >
        <span className="font-medium">Your loans</span>
        <span className="text-sm text-muted-foreground">EMIs, schedule, documents</span>
      </Link>
      {applications.length > 0 ? (
        <section className="grid gap-2" aria-label="Your EMI applications">
          <h2 className="font-semibold">Your EMI applications</h2>
          <ul className="grid gap-2">
            {applications.map((application) => (
              <li key={application.id}>
                <Link
                  href={`/checkout/a/${application.id}`}
                  className="flex items-center justify-between rounded-xl border border-border bg-surface p-3 text-sm"
                >
                  <span>
                    {application.item}
                    <span className="block text-xs text-muted-foreground">{application.storeName}</span>
                  </span>
                  <span className="text-right">
                    {formatRupees(application.ticketPaise)}
                    <span className="block text-xs text-muted-foreground">
                      {application.status.toLowerCase()}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EmptyState icon={QrCode} title="Scan the store’s QR code to start">
        At the billing counter, scan the Flux QR code with your camera. Your purchase amount fills in and
        lenders answer in under a minute.
      </EmptyState>
    </main>
  );
}
