"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { BarChart3, Radio } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatNav, formatNavDate, OPTION_LABEL, PLAN_LABEL } from "./format";
import { useLiveNavs } from "./use-live-navs";

function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function StaleBadge({ stale, lag }: { stale: boolean; lag: number | null }) {
  if (!stale) return null;
  return (
    <Badge tone="warning" title={`NAV is ${lag} business day(s) behind its publishing deadline`}>
      Stale
    </Badge>
  );
}

export function FundCatalog({ basePath = "/investor/funds" }: { basePath?: string }) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState("");
  const [plan, setPlan] = useState<"" | "direct" | "regular">("");
  const [option, setOption] = useState<"" | "growth" | "idcw">("");
  const [risk, setRisk] = useState("");
  const [withNavOnly, setWithNavOnly] = useState(true);
  const [page, setPage] = useState(1);
  const search = useDebounced(query);
  const facets = useQuery(trpc.funds.facets.queryOptions());
  const list = useQuery({
    ...trpc.funds.catalog.queryOptions({
      query: search || undefined,
      category: category || undefined,
      plan: plan || undefined,
      option: option || undefined,
      riskLevel: risk ? Number(risk) : undefined,
      withNavOnly,
      page,
      pageSize: 20,
    }),
    placeholderData: keepPreviousData,
  });
  const codes = list.data?.items.map((item) => item.code) ?? [];
  const live = useLiveNavs(codes);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const reset = () => setPage(1);

  return (
    <Card>
      <div className="grid gap-3 border-b border-border p-4 sm:grid-cols-2 lg:grid-cols-6">
        <div className="grid gap-1 sm:col-span-2">
          <label htmlFor="fund-search" className="text-xs font-medium text-muted-foreground">
            Search
          </label>
          <Input
            id="fund-search"
            placeholder="Scheme name, fund house or ISIN"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              reset();
            }}
          />
        </div>
        <div className="grid gap-1">
          <label htmlFor="fund-category" className="text-xs font-medium text-muted-foreground">
            Category
          </label>
          <Select
            id="fund-category"
            value={category}
            onChange={(event) => {
              setCategory(event.target.value);
              reset();
            }}
          >
            <option value="">All categories</option>
            {facets.data?.categories.map((item) => (
              <option key={item.value} value={item.value}>
                {item.value}
              </option>
            ))}
          </Select>
        </div>
        <div className="grid gap-1">
          <label htmlFor="fund-plan" className="text-xs font-medium text-muted-foreground">
            Plan
          </label>
          <Select
            id="fund-plan"
            value={plan}
            onChange={(event) => {
              setPlan(event.target.value as typeof plan);
              reset();
            }}
          >
            <option value="">Direct and regular</option>
            <option value="direct">Direct</option>
            <option value="regular">Regular</option>
          </Select>
        </div>
        <div className="grid gap-1">
          <label htmlFor="fund-option" className="text-xs font-medium text-muted-foreground">
            Option
          </label>
          <Select
            id="fund-option"
            value={option}
            onChange={(event) => {
              setOption(event.target.value as typeof option);
              reset();
            }}
          >
            <option value="">Growth and IDCW</option>
            <option value="growth">Growth</option>
            <option value="idcw">IDCW</option>
          </Select>
        </div>
        <div className="grid gap-1">
          <label htmlFor="fund-risk" className="text-xs font-medium text-muted-foreground">
            Riskometer
          </label>
          <Select
            id="fund-risk"
            value={risk}
            onChange={(event) => {
              setRisk(event.target.value);
              reset();
            }}
          >
            <option value="">Any risk</option>
            {facets.data?.riskLevels.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </Select>
        </div>
        <label className="flex items-center gap-2 text-sm sm:col-span-2 lg:col-span-6">
          <input
            type="checkbox"
            className="size-4 accent-[var(--color-primary)]"
            checked={withNavOnly}
            onChange={(event) => {
              setWithNavOnly(event.target.checked);
              reset();
            }}
          />
          Only schemes with a published NAV
          {live.connected ? (
            <span className="ml-auto inline-flex items-center gap-1 text-xs text-success">
              <Radio className="size-3" aria-hidden /> Live NAVs
            </span>
          ) : null}
        </label>
      </div>

      <div className="p-4">
        {list.error ? (
          <Alert tone="danger" title="The catalog could not be loaded">
            {errorMessage(list.error)} Try again in a moment.
          </Alert>
        ) : list.isPending ? (
          <LoadingRows rows={8} label="Loading schemes" />
        ) : list.data.items.length === 0 ? (
          <EmptyState icon={BarChart3} title="No schemes match">
            Try a shorter search, another category, or include schemes without a published NAV.
          </EmptyState>
        ) : (
          <>
            <p className="mb-3 text-sm text-muted-foreground" aria-live="polite">
              {list.data.total.toLocaleString("en-IN")} scheme{list.data.total === 1 ? "" : "s"}
            </p>
            <div className="overflow-x-auto">
              <Table>
                <THead>
                  <TR>
                    <TH>Scheme</TH>
                    <TH className="hidden md:table-cell">Category</TH>
                    <TH className="hidden sm:table-cell">Plan / option</TH>
                    <TH className="hidden lg:table-cell">Risk</TH>
                    <TH className="text-right">Latest NAV</TH>
                  </TR>
                </THead>
                <TBody>
                  {list.data.items.map((item) => {
                    const update = live.navs.get(item.code);
                    const nav = update && (!item.navDate || update.navDate >= item.navDate) ? update : null;
                    return (
                      <TR key={item.code} data-testid={`scheme-row-${item.code}`}>
                        <TD>
                          <Link
                            href={`${basePath}/${item.code}`}
                            className="font-medium text-primary hover:underline"
                          >
                            {item.name}
                          </Link>
                          <div className="text-xs text-muted-foreground">
                            {item.amc ?? "Fund house not stated"} · {item.code}
                          </div>
                        </TD>
                        <TD className="hidden md:table-cell text-sm">{item.category ?? "—"}</TD>
                        <TD className="hidden sm:table-cell text-sm">
                          {PLAN_LABEL[item.plan]} · {OPTION_LABEL[item.option]}
                        </TD>
                        <TD className="hidden lg:table-cell text-sm">{item.riskLabel}</TD>
                        <TD className="text-right">
                          <div className="font-mono tabular-nums" data-testid="nav-value">
                            {formatNav(nav?.nav ?? item.nav)}
                          </div>
                          <div className="flex items-center justify-end gap-1 text-xs text-muted-foreground">
                            {nav ? (
                              <Badge tone="success">Updated</Badge>
                            ) : (
                              <StaleBadge stale={item.stale} lag={item.lagBusinessDays} />
                            )}
                            <span data-testid="nav-date">{formatNavDate(nav?.navDate ?? item.navDate)}</span>
                          </div>
                        </TD>
                      </TR>
                    );
                  })}
                </TBody>
              </Table>
            </div>
            <div className="mt-4 flex items-center justify-between gap-2 text-sm">
              <span className="text-muted-foreground">
                Page {page} of {pages.toLocaleString("en-IN")}
              </span>
              <div className="flex gap-2">
                <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  Previous
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={page >= pages}
                  onClick={() => setPage(page + 1)}
                >
                  Next
                </Button>
              </div>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
