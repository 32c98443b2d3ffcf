import type { Metadata } from "next";
import { FreshnessPanel } from "@/components/funds/admin/freshness-panel";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "NAV freshness" };

export default function Page() {
  return (
    <>
      <PageHeader
        title="NAV freshness"
        description="Fetch age and NAV-date lag per scheme class against the SEBI publishing deadlines."
      />
      <FreshnessPanel />
    </>
  );
}
