import type { Metadata } from "next";
import { FundCatalog } from "@/components/funds/fund-catalog";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Mutual funds" };

export default function FundsCatalogPage() {
  return (
    <>
      <PageHeader
        title="Mutual funds"
        description="Every scheme AMFI publishes, with its latest NAV and the date it is for. NAVs update live as they are published."
      />
      <FundCatalog />
    </>
  );
}
