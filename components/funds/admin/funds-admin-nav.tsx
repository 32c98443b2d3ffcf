"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Alert } from "@/components/ui/feedback";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/admin/funds", label: "Ingest runs" },
  { href: "/admin/funds/held", label: "Held NAVs" },
  { href: "/admin/funds/freshness", label: "Freshness" },
  { href: "/admin/funds/schemes", label: "Fund set-up" },
  { href: "/admin/funds/settings", label: "Source & thresholds" },
];

/** Sub-navigation of the funds admin, with the freshness alert banner above it. */
export function FundsAdminNav() {
  const pathname = usePathname();
  const trpc = useTRPC();
  const freshness = useQuery({ ...trpc.funds.freshness.queryOptions(), refetchInterval: 60_000 });
  const active = (href: string) =>
    href === "/admin/funds"
      ? pathname === href || pathname.startsWith("/admin/funds/runs")
      : pathname.startsWith(href);
  return (
    <div className="mb-6 grid gap-3">
      {freshness.data?.alertActive ? (
        <Alert tone="warning" title="NAV freshness alert" className="">
          <span data-testid="freshness-banner">{freshness.data.alertMessage}</span>{" "}
          <Link href="/admin/funds/freshness" className="underline">
            See freshness
          </Link>
        </Alert>
      ) : null}
      <nav aria-label="Funds administration" className="flex gap-1 overflow-x-auto border-b border-border">
        {TABS.map((tab) => (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active(tab.href) ? "page" : undefined}
            className={cn(
              "whitespace-nowrap border-b-2 px-3 py-2 text-sm",
              active(tab.href)
                ? "border-primary font-medium text-primary"
                : "border-transparent text-muted-foreground",
            )}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
