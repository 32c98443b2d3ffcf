"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle, Stat } from "@/components/ui/card";
import { Alert, LoadingRows } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime, formatRelative } from "@/lib/utils";
import { CLASS_LABEL, formatNavDate } from "../format";

function age(seconds: number | null): string {
  if (seconds === null) return "never";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

export function FreshnessPanel() {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.funds.freshness.queryOptions(), refetchInterval: 30_000 });
  if (report.error) return <Alert tone="danger">{errorMessage(report.error)}</Alert>;
  if (report.isPending) return <LoadingRows rows={5} />;
  const data = report.data;
  return (
    <div className="grid gap-6">
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat
          label="Since last successful fetch"
          value={age(data.fetchAgeSeconds)}
          tone={data.inPublishingWindow && (data.fetchAgeSeconds ?? Infinity) > 1_200 ? "danger" : undefined}
        />
        <Stat
          label="Publishing window"
          value={data.inPublishingWindow ? "Open" : "Closed"}
          hint="6–11:30 pm and 7–11 am IST"
        />
        <Stat label="Last fetch attempt" value={formatRelative(data.lastFetchAt)} />
        <Stat
          label="Alert"
          value={data.alertActive ? "Raised" : "None"}
          tone={data.alertActive ? "warning" : "success"}
        />
      </div>
      {data.lastError ? (
        <Alert tone="danger" title="Last fetch error">
          {data.lastError}
        </Alert>
      ) : null}
      {data.alerts.length ? (
        <Alert tone="warning" title="Current findings">
          <ul className="list-disc pl-4">
            {data.alerts.map((alert) => (
              <li key={alert}>{alert}</li>
            ))}
          </ul>
          {data.alertRaisedAt ? (
            <p className="mt-1">Alert raised {formatDateTime(data.alertRaisedAt)}.</p>
          ) : null}
        </Alert>
      ) : (
        <Alert tone="success">NAVs are within their SEBI deadlines and the feed is being fetched.</Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>NAV-date lag by scheme class</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <Table>
            <THead>
              <TR>
                <TH>Class</TH>
                <TH>Expected NAV date</TH>
                <TH>Newest NAV date</TH>
                <TH className="text-right">Lag (business days)</TH>
                <TH className="text-right">Stale / active schemes</TH>
              </TR>
            </THead>
            <TBody>
              {data.classes.map((c) => (
                <TR key={c.schemeClass} data-testid={`freshness-${c.schemeClass}`}>
                  <TD>{CLASS_LABEL[c.schemeClass]}</TD>
                  <TD>{formatNavDate(c.expectedNavDate)}</TD>
                  <TD>{formatNavDate(c.newestNavDate)}</TD>
                  <TD className="text-right">
                    {c.lagBusinessDays === null ? (
                      "—"
                    ) : c.lagBusinessDays > 0 ? (
                      <Badge tone="warning">{c.lagBusinessDays}</Badge>
                    ) : (
                      <Badge tone="success">0</Badge>
                    )}
                  </TD>
                  <TD className="text-right tabular-nums">
                    {c.staleSchemes.toLocaleString("en-IN")} / {c.activeSchemes.toLocaleString("en-IN")}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <p className="mt-3 text-xs text-muted-foreground">
            Active schemes: a NAV within 30 days of the newest NAV on file (older ones are closed or matured
            schemes). Holidays come from the settings' calendar. Also on /api/metrics as
            flux_funds_nav_fetch_age_seconds and flux_funds_nav_date_lag_business_days.
          </p>
        </CardContent>
      </Card>
    </div>
  );
}
