import type { Metadata } from "next";
import { FundSettingsForm } from "@/components/funds/admin/fund-settings-form";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Source & thresholds" };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Source & thresholds"
        description="Where NAV files come from, how rows are validated and which days are holidays."
      />
      <FundSettingsForm />
    </>
  );
}
