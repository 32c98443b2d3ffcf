import type { Metadata } from "next";
import Link from "next/link";
import { AdminLoanBook } from "@/components/loans/admin-loan-book";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Loan book" };

export default function LoanBookPage() {
  return (
    <>
      <PageHeader
        title="Loan book"
        description="Every loan booked through Flux: search, filter by lender, merchant, status and DPD bucket."
      />
      <p className="mb-4 text-sm">
        <Link className="text-primary hover:underline" href="/admin/loans/reminders">
          EMI reminder schedule →
        </Link>{" "}
        ·{" "}
        <a className="text-primary hover:underline" href="/api/openapi.json">
          Loan-state API (OpenAPI 3.1)
        </a>
      </p>
      <AdminLoanBook />
    </>
  );
}
