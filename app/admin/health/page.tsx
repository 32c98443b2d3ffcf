import type { Metadata } from "next";
import { HealthPanel } from "@/components/admin/health-panel";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "System health" };

export default function HealthPage() {
  return (
    <>
      <PageHeader title="System health" description="Database, Redis and workers, and the business clock." />
      <HealthPanel />
    </>
  );
}
