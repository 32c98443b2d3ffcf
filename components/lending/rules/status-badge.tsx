import { Badge } from "@/components/ui/badge";

const STATUS = {
  DRAFT: { label: "Draft", tone: "neutral" },
  PENDING_APPROVAL: { label: "Awaiting approval", tone: "warning" },
  PUBLISHED: { label: "Published", tone: "success" },
  DISCARDED: { label: "Discarded", tone: "neutral" },
} as const;

export function StatusBadge({ status, current }: { status: keyof typeof STATUS; current?: boolean }) {
  // An older published version stays immutable and recorded, but no new application uses it.
  const entry =
    status === "PUBLISHED" && current === false
      ? ({ label: "Superseded", tone: "neutral" } as const)
      : STATUS[status];
  return (
    <span className="inline-flex gap-1">
      <Badge tone={entry.tone}>{entry.label}</Badge>
      {current ? <Badge tone="primary">Live</Badge> : null}
    </span>
  );
}
