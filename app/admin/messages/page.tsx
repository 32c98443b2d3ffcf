import type { Metadata } from "next";
import { MessagesPanel } from "@/components/admin/messages-panel";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Message outbox" };

export default function MessagesPage() {
  return (
    <>
      <PageHeader
        title="Message outbox"
        description="SMS and email sent by Flux. In development they land in the sandbox sinks."
      />
      <MessagesPanel />
    </>
  );
}
