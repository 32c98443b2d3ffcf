"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, LineChart as LineChartIcon } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows, PageHeader } from "@/components/ui/feedback";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { CLASS_LABEL, formatNav, formatNavDate, formatPaise, OPTION_LABEL, PLAN_LABEL } from "./format";
import { StaleBadge } from "./fund-catalog";
import { useLiveNavs } from "./use-live-navs";

const RANGES = [
  { key: "1M", months: 1 },
  { key: "6M", months: 6 },
  { key: "1Y", months: 12 },
  { key: "3Y", months: 36 },
  { key: "5Y", months: 60 },
  { key: "MAX", months: null },
] as const;
type RangeKey = (typeof RANGES)[number]["key"];

function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1 - months, Math.min(day, 28)));
  return date.toISOString().slice(0, 10);
}

export function SchemeView({ code, backHref = "/investor/funds" }: { code: number; backHref?: string }) {
  const trpc = useTRPC();
  const scheme = useQuery(trpc.funds.scheme.queryOptions({ code }));
  const live = useLiveNavs([code]);
  const [range, setRange] = useState<RangeKey>("1Y");

  const history = scheme.data?.history;
  const liveNav = live.navs.get(code);
  const series = useMemo(() => {
    if (!history) return [];
    // Chart points only: the plotted number is for drawing; the NAV shown as text stays exact.
    const points = history.map(([date, nav]) => ({ date, nav: Number(nav) }));
    if (liveNav && (!points.length || liveNav.navDate > points.at(-1)!.date)) {
      points.push({ date: liveNav.navDate, nav: Number(liveNav.nav) });
    }
    const chosen = RANGES.find((r) => r.key === range)!;
    if (!chosen.months || !points.length) return points;
    const from = monthsBefore(points.at(-1)!.date, chosen.months);
    const start = points.findIndex((p) => p.date >= from);
    // Keep the last NAV before the window so a range over a gap in publication still draws the move.
    return points.slice(Math.max(0, start - 1));
  }, [history, liveNav, range]);

  if (scheme.error) {
    return (
      <Alert tone="danger" title="This scheme could not be loaded">
        {errorMessage(scheme.error)} <Link href={backHref}>Back to the catalog</Link>
      </Alert>
    );
  }
  if (scheme.isPending) return <LoadingRows rows={6} label="Loading scheme" />;
  const data = scheme.data;
  const current = liveNav && (!data.navDate || liveNav.navDate >= data.navDate) ? liveNav : null;

  return (
    <>
      <Link
        href={backHref}
        className="mb-3 inline-flex items-center gap-1 text-sm text-primary hover:underline"
      >
        <ArrowLeft className="size-4" aria-hidden /> All funds
      </Link>
      <PageHeader
        title={data.name}
        description={`${data.amc ?? "Fund house not stated"} · ${data.category ?? "Uncategorised"} · scheme code ${data.code}`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <div>
              <CardTitle>NAV history</CardTitle>
              <CardDescription>Daily net asset value per unit, as published by AMFI.</CardDescription>
            </div>
            <fieldset className="flex flex-wrap gap-1" aria-label="Chart range">
              {RANGES.map((r) => (
                <Button
                  key={r.key}
                  size="sm"
                  variant={range === r.key ? "default" : "outline"}
                  aria-pressed={range === r.key}
                  onClick={() => setRange(r.key)}
                >
                  {r.key === "MAX" ? "Max" : r.key}
                </Button>
              ))}
            </fieldset>
          </CardHeader>
          <CardContent>
            {series.length < 2 ? (
              <EmptyState icon={LineChartIcon} title="Not enough NAV history to draw a chart">
                The chart appears once the scheme has at least two published NAVs.
              </EmptyState>
            ) : (
              <div
                className="h-72 w-full"
                data-testid="nav-chart"
                data-points={series.length}
                data-range={range}
              >
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
                    <XAxis dataKey="date" tickFormatter={formatNavDate} minTickGap={40} fontSize={12} />
                    <YAxis domain={["auto", "auto"]} width={64} fontSize={12} />
                    <Tooltip
                      labelFormatter={(label) => formatNavDate(String(label))}
                      formatter={(value) => [`₹${value}`, "NAV"]}
                    />
                    <Line
                      type="monotone"
                      dataKey="nav"
                      stroke="var(--color-primary)"
                      dot={false}
                      strokeWidth={2}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            )}
          </CardContent>
        </Card>

        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Latest NAV</CardTitle>
              {current ? (
                <Badge tone="success">Just published</Badge>
              ) : (
                <StaleBadge stale={data.stale} lag={data.lagBusinessDays} />
              )}
            </CardHeader>
            <CardContent>
              <p className="font-mono text-3xl font-semibold tabular-nums" data-testid="latest-nav">
                {formatNav(current?.nav ?? data.nav)}
              </p>
              <p className="mt-1 text-sm text-muted-foreground">
                NAV date{" "}
                <span data-testid="latest-nav-date">{formatNavDate(current?.navDate ?? data.navDate)}</span>
                {data.stale && !current && data.expectedNavDate
                  ? ` · expected ${formatNavDate(data.expectedNavDate)} by the SEBI deadline`
                  : ""}
              </p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Returns</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-2 gap-3 text-sm">
                {data.returns.map((r) => (
                  <div key={r.period} data-testid={`return-${r.period}`}>
                    <dt className="text-muted-foreground">
                      {r.period} {r.kind === "cagr" ? "(CAGR)" : r.kind === "absolute" ? "(absolute)" : ""}
                    </dt>
                    <dd
                      className={
                        r.percent === null
                          ? "text-muted-foreground"
                          : r.percent.startsWith("-")
                            ? "font-medium text-danger"
                            : "font-medium text-success"
                      }
                    >
                      {r.percent === null ? "Not enough history" : `${r.percent}%`}
                    </dd>
                  </div>
                ))}
              </dl>
            </CardContent>
          </Card>
        </div>

        <Card className="lg:col-span-3">
          <CardHeader>
            <CardTitle>Scheme facts</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
              <Fact label="Plan / option" value={`${PLAN_LABEL[data.plan]} · ${OPTION_LABEL[data.option]}`} />
              <Fact label="Riskometer" value={data.riskLabel} />
              <Fact label="Minimum investment" value={formatPaise(data.minInvestmentPaise)} />
              <Fact
                label="Maximum investment"
                value={
                  data.maxInvestmentPaise === null ? "No limit set" : formatPaise(data.maxInvestmentPaise)
                }
              />
              <Fact label="Structure" value={data.structure ?? "—"} />
              <Fact label="NAV deadline class" value={CLASS_LABEL[data.schemeClass] ?? data.schemeClass} />
              <Fact label="ISIN (growth / payout)" value={data.isinGrowth ?? "—"} mono />
              <Fact label="ISIN (reinvestment)" value={data.isinReinvest ?? "—"} mono />
              <Fact label="Launched" value={formatNavDate(data.launchDate)} />
              <Fact
                label="Cut-off"
                value={data.cutoffOverride ? `${data.cutoffOverride} IST (override)` : "Category default"}
              />
            </dl>
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className={mono ? "font-mono" : "font-medium"}>{value}</dd>
    </div>
  );
}
