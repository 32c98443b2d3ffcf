import type { Metadata } from "next";
import { QueuesPanel } from "@/components/admin/queues-panel";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Queues" };

export default function QueuesPage() {
  return (
    <>
      <PageHeader
        title="Queues"
        description="Background work in the workers process: depth per queue, failures, retries and dead letters."
      />
      <QueuesPanel />
    </>
  );
}
