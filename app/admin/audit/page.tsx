import type { Metadata } from "next";
import { AuditTrail } from "@/components/audit/audit-trail";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Audit trail" };

export default function AdminAuditPage() {
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, who made it, from where, hash-chained and append-only."
      />
      <AuditTrail canVerify />
    </>
  );
}
