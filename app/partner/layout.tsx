import type { Metadata } from "next";
import type { NavItem } from "@/components/layout/portal-shell";
import { PortalLayout } from "@/components/portal/portal-layout";

export const metadata: Metadata = { title: { default: "Partner portal", template: "%s · Partner · Flux" } };
const NAV: NavItem[] = [{ href: "/partner", label: "Dashboard", icon: "dashboard" }];

export default function PartnerLayout({ children }: { children: React.ReactNode }) {
  return (
    <PortalLayout portalId="partner" nav={NAV}>
      {children}
    </PortalLayout>
  );
}
