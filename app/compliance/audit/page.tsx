import type { Metadata } from "next";
import { AuditTrail } from "@/components/audit/audit-trail";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Audit trail" };

export default function ComplianceAuditPage() {
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Search every recorded change and verify the hash chains."
      />
      <AuditTrail canVerify />
    </>
  );
}
