import type { LucideIcon } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";

/** A section whose data arrives with a later capability: says what will be here and what to do now. */
export function UpcomingSection({
  title,
  icon,
  emptyTitle,
  children,
}: {
  title: string;
  icon: LucideIcon;
  emptyTitle: string;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        <EmptyState icon={icon} title={emptyTitle}>
          {children}
        </EmptyState>
      </CardContent>
    </Card>
  );
}
