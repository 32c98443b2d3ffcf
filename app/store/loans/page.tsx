import type { Metadata } from "next";
import { StoreLoans } from "@/components/loans/store-loans";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "EMI purchases" };

export default function StoreLoansPage() {
  return (
    <>
      <PageHeader
        title="EMI purchases"
        description="Loans financed at your stores; cancel one when the item comes back."
      />
      <StoreLoans />
    </>
  );
}
