import type { Metadata } from "next";
import type { NavItem } from "@/components/layout/portal-shell";
import { PortalLayout } from "@/components/portal/portal-layout";

export const metadata: Metadata = { title: { default: "Investor", template: "%s · Investor · Flux" } };
const NAV: NavItem[] = [
  { href: "/investor", label: "Dashboard", icon: "dashboard" },
  // funds (issue 5)
  { href: "/investor/funds", label: "Mutual funds", icon: "funds" },
];

export default function InvestorLayout({ children }: { children: React.ReactNode }) {
  return (
    <PortalLayout portalId="investor" nav={NAV}>
      {children}
    </PortalLayout>
  );
}
