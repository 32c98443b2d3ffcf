import { ScrollText } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { BarList } from "@/components/ui/bar-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, Stat } from "@/components/ui/card";
import { EmptyState, PageHeader } from "@/components/ui/feedback";
import { serverApi } from "@/lib/trpc/server";
import { formatDateTime, formatNumber } from "@/lib/utils";
import { isRole, ROLE_LABELS } from "@/server/auth/permissions";

export default async function AdminDashboardPage() {
  const data = await (await serverApi()).dashboard.admin();
  const totalUsers = data.usersByRole.reduce((sum, row) => sum + row.count, 0);
  const sent = data.messagesLast24h.find((row) => row.status === "SENT")?.count ?? 0;
  const failed = data.messagesLast24h.find((row) => row.status === "FAILED")?.count ?? 0;
  return (
    <>
      <PageHeader title="Operations dashboard" description="What is happening across Flux right now." />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat
          label="Role assignments"
          value={formatNumber(totalUsers)}
          hint={`${data.organisationsByKind.reduce((s, r) => s + r.count, 0)} organisations`}
        />
        <Stat
          label="Audit events, last 24 h"
          value={formatNumber(data.audit.recent)}
          hint={`${formatNumber(data.audit.total)} in total`}
        />
        <Stat
          label="Outbox waiting"
          value={formatNumber(data.outbox.pending)}
          hint={
            data.outbox.pending
              ? `oldest ${Math.round(data.outbox.lagSeconds)} s`
              : "everything is on its queue"
          }
          tone={data.outbox.lagSeconds > 60 ? "warning" : undefined}
        />
        <Stat
          label="Dead letters to review"
          value={formatNumber(data.openDeadLetters)}
          hint={
            <Link className="text-primary hover:underline" href="/admin/queues">
              Open queues
            </Link>
          }
          tone={data.openDeadLetters ? "danger" : "success"}
        />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Users by role</CardTitle>
              <CardDescription>A user with two roles counts in both.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <BarList
              items={data.usersByRole.map((row) => ({
                label: isRole(row.role) ? ROLE_LABELS[row.role] : row.role,
                value: row.count,
              }))}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Most frequent audit actions</CardTitle>
              <CardDescription>Last 24 hours</CardDescription>
            </div>
            <Link className="text-sm text-primary hover:underline" href="/admin/audit">
              Search the trail
            </Link>
          </CardHeader>
          <CardContent>
            {data.audit.byAction.length ? (
              <BarList items={data.audit.byAction.map((row) => ({ label: row.action, value: row.count }))} />
            ) : (
              <EmptyState icon={ScrollText} title="No audited changes today">
                Changes to users, sign-ins and operations appear here as they happen.
              </EmptyState>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Messages, last 24 hours</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-3 text-sm">
            <Badge tone="success">{sent} sent</Badge>
            <Badge tone={failed ? "danger" : "neutral"}>{failed} failed</Badge>
            <Link className="text-primary hover:underline" href="/admin/messages">
              Open the message outbox
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Audit chain</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            {data.lastVerification ? (
              <p>
                Last verified {formatDateTime(data.lastVerification.finishedAt)}:{" "}
                {data.lastVerification.ok ? (
                  <Badge tone="success">
                    intact, {formatNumber(data.lastVerification.eventsChecked)} events
                  </Badge>
                ) : (
                  <Badge tone="danger">broken link found</Badge>
                )}
              </p>
            ) : (
              <p className="text-muted-foreground">
                Not verified yet.{" "}
                <Link className="text-primary hover:underline" href="/admin/audit">
                  Verify now
                </Link>
              </p>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
