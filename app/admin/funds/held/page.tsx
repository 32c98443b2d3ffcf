import type { Metadata } from "next";
import { HeldNavs } from "@/components/funds/admin/held-navs";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Held NAVs" };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Held NAVs"
        description="NAVs held for a jump beyond the threshold: approve to publish, reject to discard. Every decision is audited."
      />
      <HeldNavs />
    </>
  );
}
