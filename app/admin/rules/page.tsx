import type { Metadata } from "next";
import { RulesList } from "@/components/lending/rules/rules-list";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Lending rules" };

export default function LendingRulesPage() {
  return (
    <>
      <PageHeader
        title="Lending rules"
        description="Which lenders see an application, and in what order. Drafts are simulated, approved by a second admin, and published to every process at once; published versions never change."
      />
      <RulesList />
    </>
  );
}
