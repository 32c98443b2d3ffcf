import { Bell } from "lucide-react";
import Link from "next/link";
import { UpcomingSection } from "@/components/portal/coming-card";
import { Badge } from "@/components/ui/badge";
import { BarList } from "@/components/ui/bar-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Stat } from "@/components/ui/card";
import { EmptyState, PageHeader } from "@/components/ui/feedback";
import { serverApi } from "@/lib/trpc/server";
import { formatDateTime, formatNumber } from "@/lib/utils";

export default async function ComplianceDashboardPage() {
  const data = await (await serverApi()).dashboard.compliance();
  const last = data.verifications.find((run) => run.finishedAt);
  return (
    <>
      <PageHeader
        title="Compliance overview"
        description="The audit trail’s integrity and the security events of the last 7 days."
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          label="Audit events, 7 days"
          value={formatNumber(data.audit.recent)}
          hint={`${formatNumber(data.audit.total)} retained in total`}
        />
        <Stat
          label="Last chain verification"
          value={last ? (last.ok ? "Intact" : "Broken") : "Not run"}
          tone={last ? (last.ok ? "success" : "danger") : "warning"}
          hint={
            last ? (
              formatDateTime(last.finishedAt)
            ) : (
              <Link href="/compliance/audit" className="text-primary hover:underline">
                Run it now
              </Link>
            )
          }
        />
        <Stat
          label="Security events, 7 days"
          value={formatNumber(data.securityEvents.length)}
          hint="failed sign-ins, role changes"
        />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Recent security events</CardTitle>
              <CardDescription>
                Failed sign-ins and codes, role changes, disabled and new accounts.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            {data.securityEvents.length === 0 ? (
              <EmptyState title="Nothing to review" />
            ) : (
              <ul className="divide-y divide-border text-sm">
                {data.securityEvents.map((event) => (
                  <li key={event.id} className="flex items-center justify-between gap-3 py-2">
                    <div className="min-w-0">
                      <Badge tone={event.action.includes("failed") ? "danger" : "info"}>{event.action}</Badge>
                      <p className="mt-1 truncate font-mono text-xs text-muted-foreground">
                        {event.entityType}:{event.entityId}
                      </p>
                    </div>
                    <time className="shrink-0 text-xs text-muted-foreground">
                      {formatDateTime(event.occurredAt)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Activity by action, 7 days</CardTitle>
          </CardHeader>
          <CardContent>
            {data.audit.byAction.length ? (
              <BarList items={data.audit.byAction.map((row) => ({ label: row.action, value: row.count }))} />
            ) : (
              <EmptyState title="No activity" />
            )}
          </CardContent>
        </Card>
        <UpcomingSection title="AML and fraud alerts" icon={Bell} emptyTitle="No open alerts">
          Sanctions-list matches from onboarding screening and fraud-velocity alerts will queue here for your
          decision.
        </UpcomingSection>
      </div>
    </>
  );
}
