import type { Metadata } from "next";
import { IngestRuns } from "@/components/funds/admin/ingest-runs";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Funds & NAVs" };

export default function FundsAdminPage() {
  return (
    <>
      <PageHeader
        title="Funds & NAVs"
        description="Every AMFI NAV file received: what the parser saw and what happened to each row."
      />
      <IngestRuns />
    </>
  );
}
