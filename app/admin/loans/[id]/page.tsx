import type { Metadata } from "next";
import { AdminLoanDetail } from "@/components/loans/admin-loan-detail";

export const metadata: Metadata = { title: "Loan" };

export default async function AdminLoanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AdminLoanDetail loanId={id} />;
}
