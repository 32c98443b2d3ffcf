import type { Metadata } from "next";
import type { NavItem } from "@/components/layout/portal-shell";
import { PortalLayout } from "@/components/portal/portal-layout";

export const metadata: Metadata = { title: { default: "Compliance", template: "%s · Compliance · Flux" } };
const NAV: NavItem[] = [
  { href: "/compliance", label: "Dashboard", icon: "dashboard" },
  { href: "/compliance/audit", label: "Audit trail", icon: "audit" },
];

export default function ComplianceLayout({ children }: { children: React.ReactNode }) {
  return (
    <PortalLayout portalId="compliance" nav={NAV}>
      {children}
    </PortalLayout>
  );
}
