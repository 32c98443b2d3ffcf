"use client";

import {
  Activity,
  BarChart3,
  Bell,
  BookOpen,
  Briefcase,
  FileText,
  Gauge,
  Inbox,
  LayoutDashboard,
  ListChecks,
  Mail,
  Megaphone,
  Menu,
  PieChart,
  ScrollText,
  ShieldCheck,
  ShoppingBag,
  Store,
  Users,
  Wallet,
  X,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { Brand } from "@/components/brand";
import { cn } from "@/lib/utils";
import { SignOutButton } from "./sign-out-button";

const ICONS = {
  dashboard: LayoutDashboard,
  users: Users,
  audit: ScrollText,
  queues: ListChecks,
  messages: Mail,
  health: Activity,
  documents: FileText,
  campaigns: Megaphone,
  funds: BarChart3,
  portfolio: PieChart,
  leads: Inbox,
  commissions: Wallet,
  applications: ShoppingBag,
  alerts: Bell,
  stores: Store,
  reports: BookOpen,
  shield: ShieldCheck,
  gauge: Gauge,
  briefcase: Briefcase,
} as const;

export type NavIcon = keyof typeof ICONS;

export interface NavItem {
  href: string;
  label: string;
  icon: NavIcon;
}

export interface ShellUser {
  name: string;
  detail: string;
  roleLabel: string;
}

function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const root = items[0]?.href;
  return (
    <ul className="grid gap-0.5">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const active =
          item.href === root
            ? pathname === item.href
            : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-muted hover:text-foreground",
                active && "bg-primary-soft text-primary hover:bg-primary-soft hover:text-primary",
              )}
            >
              <Icon className="size-4" aria-hidden />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function PortalShell({
  portalTitle,
  homeHref,
  nav,
  user,
  children,
}: {
  portalTitle: string;
  homeHref: string;
  nav: NavItem[];
  user: ShellUser;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the drawer whenever the route changes
  useEffect(() => setOpen(false), [pathname]);

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2"
      >
        Skip to content
      </a>
      <aside
        className="hidden border-r border-border bg-surface lg:flex lg:flex-col"
        aria-label="Portal navigation"
      >
        <div className="flex h-16 items-center border-b border-border px-5">
          <Brand href={homeHref} subtitle={portalTitle} />
        </div>
        <nav className="flex-1 overflow-y-auto p-3" aria-label="Portal navigation">
          <NavLinks items={nav} />
        </nav>
      </aside>

      {open ? (
        <div className="fixed inset-0 z-40 lg:hidden">
          <button
            type="button"
            className="absolute inset-0 bg-slate-900/40"
            aria-label="Close menu"
            onClick={() => setOpen(false)}
          />
          <nav
            className="absolute inset-y-0 left-0 flex w-72 flex-col bg-surface shadow-xl"
            aria-label="Portal navigation"
          >
            <div className="flex h-16 items-center justify-between border-b border-border px-4">
              <Brand href={homeHref} subtitle={portalTitle} />
              <button
                type="button"
                className="rounded-md p-2 hover:bg-muted"
                aria-label="Close menu"
                onClick={() => setOpen(false)}
              >
                <X className="size-5" aria-hidden />
              </button>
            </div>
            <div className="p-3">
              <NavLinks items={nav} onNavigate={() => setOpen(false)} />
            </div>
          </nav>
        </div>
      ) : null}

      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-16 items-center justify-between gap-3 border-b border-border bg-surface/90 px-4 backdrop-blur sm:px-6">
          <div className="flex items-center gap-2">
            <button
              type="button"
              className="rounded-md p-2 hover:bg-muted lg:hidden"
              aria-label="Open menu"
              aria-expanded={open}
              onClick={() => setOpen(true)}
            >
              <Menu className="size-5" aria-hidden />
            </button>
            <span className="text-sm font-medium text-muted-foreground lg:hidden">{portalTitle}</span>
          </div>
          <div className="flex items-center gap-3">
            <div className="text-right leading-tight" data-testid="signed-in-user">
              <p className="max-w-[12rem] truncate text-sm font-medium">{user.name}</p>
              <p className="max-w-[12rem] truncate text-xs text-muted-foreground">
                {user.roleLabel} · {user.detail}
              </p>
            </div>
            <SignOutButton compact />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 p-4 sm:p-6 lg:p-8">
          {children}
        </main>
      </div>
    </div>
  );
}
