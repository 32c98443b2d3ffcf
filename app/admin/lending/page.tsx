import type { Metadata } from "next";
import { AdminLenders } from "@/components/lending/admin-lenders";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Lenders" };

export default function AdminLendingPage() {
  return (
    <>
      <PageHeader
        title="Lenders"
        description="Connector descriptors, circuit breakers, sandbox fault switches and live latency, approval and error figures."
      />
      <AdminLenders />
    </>
  );
}
