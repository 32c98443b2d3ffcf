import type { Metadata } from "next";
import { Suspense } from "react";
import { BorrowerLoan } from "@/components/loans/borrower-loan";
import { LoadingRows } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Your loan" };

export default async function MyLoanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main className="flex flex-1 flex-col gap-4 pt-4">
      <Suspense fallback={<LoadingRows rows={5} label="Loading your loan" />}>
        <BorrowerLoan loanId={id} />
      </Suspense>
    </main>
  );
}
