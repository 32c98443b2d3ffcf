import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { BorrowerLoans } from "@/components/loans/borrower-loans";

export const metadata: Metadata = { title: "Your loans" };

export default function MyLoansPage() {
  return (
    <main className="flex flex-1 flex-col gap-4 pt-4">
      <Link href="/checkout/home" className="inline-flex items-center gap-1 text-sm text-muted-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Home
      </Link>
      <h1 className="text-xl font-semibold">Your loans</h1>
      <BorrowerLoans />
    </main>
  );
}
