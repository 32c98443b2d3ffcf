import type { Metadata } from "next";
import { AdminReconciliation } from "@/components/lending/admin-applications";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Reconciliation" };

export default function AdminReconciliationPage() {
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Lender calls whose outcome stayed unknown. A late approval is released at the lender, so no second loan exists."
      />
      <AdminReconciliation />
    </>
  );
}
