import type { Metadata } from "next";
import { RemindersPanel } from "@/components/loans/reminders-panel";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "EMI reminders" };

export default function RemindersPage() {
  return (
    <>
      <PageHeader title="EMI reminders" description="The 4 PM batch and what it will send." />
      <RemindersPanel />
    </>
  );
}
