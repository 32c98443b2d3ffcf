import type { Metadata } from "next";
import type { NavItem } from "@/components/layout/portal-shell";
import { PortalLayout } from "@/components/portal/portal-layout";

export const metadata: Metadata = {
  title: { default: "Distributor portal", template: "%s · Distributor · Flux" },
};
const NAV: NavItem[] = [{ href: "/distributor", label: "Dashboard", icon: "dashboard" }];

export default function DistributorLayout({ children }: { children: React.ReactNode }) {
  return (
    <PortalLayout portalId="distributor" nav={NAV}>
      {children}
    </PortalLayout>
  );
}
