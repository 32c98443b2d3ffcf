import type { Metadata } from "next";
import type { NavItem } from "@/components/layout/portal-shell";
import { PortalLayout } from "@/components/portal/portal-layout";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Flux" } };

const NAV: NavItem[] = [
  { href: "/admin", label: "Dashboard", icon: "dashboard" },
  { href: "/admin/users", label: "Users & roles", icon: "users" },
  { href: "/admin/audit", label: "Audit trail", icon: "audit" },
  { href: "/admin/queues", label: "Queues", icon: "queues" },
  { href: "/admin/messages", label: "Message outbox", icon: "messages" },
  { href: "/admin/health", label: "System health", icon: "health" },
  // lending rules
  { href: "/admin/rules", label: "Lending rules", icon: "shield" },
  // lending (issue 3)
  { href: "/admin/lending", label: "Lenders", icon: "gauge" },
  { href: "/admin/lending/applications", label: "EMI applications", icon: "applications" },
  { href: "/admin/lending/reconciliation", label: "Reconciliation", icon: "alerts" },
  // funds (issue 5)
  { href: "/admin/funds", label: "Funds & NAVs", icon: "funds" },
  // loans (issue 4)
  { href: "/admin/loans", label: "Loan book", icon: "briefcase" },
];

export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return (
    <PortalLayout portalId="admin" nav={NAV}>
      {children}
    </PortalLayout>
  );
}
