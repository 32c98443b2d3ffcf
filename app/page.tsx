import { ArrowRight, Building2, LineChart, ShieldCheck, Smartphone } from "lucide-react";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";

const PRODUCTS = [
  {
    icon: Smartphone,
    title: "Checkout lending",
    text: "A shopper scans the store’s QR code and gets an EMI loan on their phone in under a minute. Flux asks eligible lenders and shows every willing lender’s offer side by side, as RBI’s 2025 digital-lending rules require.",
  },
  {
    icon: LineChart,
    title: "Mutual-fund investing",
    text: "Investors complete KYC, get a risk profile, browse funds priced from AMFI’s daily NAVs, and buy, sell and switch. Distributors bring leads and earn commissions.",
  },
  {
    icon: Building2,
    title: "Partners",
    text: "Twelve-plus partner types onboard through flows kept in configuration. Bulk campaigns reach partners by email, SMS and in-app, with open and click analytics.",
  },
];

export default function LandingPage() {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4 sm:px-6">
        <Brand />
        <nav className="flex items-center gap-2" aria-label="Main">
          <Button asChild variant="ghost" className="hidden sm:inline-flex">
            <Link href="/checkout">Shop with EMI</Link>
          </Button>
          <Button asChild>
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </nav>
      </header>

      <main>
        <section className="mx-auto max-w-6xl px-4 pt-12 pb-16 sm:px-6 sm:pt-20">
          <p className="text-sm font-medium text-primary">One platform, three businesses</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight sm:text-5xl">
            Lending at the checkout, mutual funds and partner operations, run from one place.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-muted-foreground">
            Flux replaces three vendors with one system of record: every change is audited in the same
            transaction, every money-moving action is idempotent, and background work survives a crashed
            worker.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Button asChild size="lg">
              <Link href="/sign-in">
                Sign in to your portal <ArrowRight aria-hidden />
              </Link>
            </Button>
            <Button asChild size="lg" variant="outline">
              <Link href="/checkout">Open the checkout app</Link>
            </Button>
          </div>
        </section>

        <section className="border-y border-border bg-surface" aria-labelledby="products">
          <div className="mx-auto grid max-w-6xl gap-6 px-4 py-14 sm:px-6 md:grid-cols-3">
            <h2 id="products" className="sr-only">
              What Flux runs
            </h2>
            {PRODUCTS.map(({ icon: Icon, title, text }) => (
              <article key={title} className="rounded-xl border border-border p-6">
                <Icon className="size-6 text-primary" aria-hidden />
                <h3 className="mt-4 font-semibold">{title}</h3>
                <p className="mt-2 text-sm leading-relaxed text-muted-foreground">{text}</p>
              </article>
            ))}
          </div>
        </section>

        <section className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
          <div className="flex items-start gap-4 rounded-xl bg-primary-soft p-6">
            <ShieldCheck className="mt-0.5 size-6 shrink-0 text-primary" aria-hidden />
            <div>
              <h2 className="font-semibold">Built for regulated money</h2>
              <p className="mt-1 text-sm text-muted-foreground">
                Append-only, hash-chained audit trail; role-based portals for admins, partners, investors,
                distributors, compliance officers and store staff; a separate worker process for everything
                that can wait.
              </p>
            </div>
          </div>
        </section>
      </main>

      <footer className="mx-auto max-w-6xl px-4 pb-10 text-sm text-muted-foreground sm:px-6">
        Flux · an open fintech operations platform
      </footer>
    </div>
  );
}
