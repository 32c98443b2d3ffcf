import type { Metadata } from "next";
import { SchemeSetup } from "@/components/funds/admin/scheme-setup";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Fund set-up" };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Fund set-up"
        description="Investment limits, cut-off overrides and the riskometer of each scheme."
      />
      <SchemeSetup />
    </>
  );
}
