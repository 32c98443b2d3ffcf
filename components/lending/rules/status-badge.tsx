import { Badge } from "@/components/ui/badge";

const STATUS = {
  DRAFT: { label: "Draft", tone: "neutral" },
  PENDING_APPROVAL: { label: "Awaiting approval", tone: "warning" },
  PUBLISHED: { label: "Published", tone: "success" },
  DISCARDED: { label: "Discarded", tone: "neutral" },
} as const;

export function StatusBadge({ status, current }: { status: keyof typeof STATUS; current?: boolean }) {
  const entry = STATUS[status];
  return (
    <span className="inline-flex gap-1">
      <Badge tone={entry.tone}>{entry.label}</Badge>
      {current ? <Badge tone="primary">Live</Badge> : null}
    </span>
  );
}
