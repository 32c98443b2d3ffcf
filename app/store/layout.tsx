import type { Metadata } from "next";
import type { NavItem } from "@/components/layout/portal-shell";
import { PortalLayout } from "@/components/portal/portal-layout";

export const metadata: Metadata = { title: { default: "Store", template: "%s · Store · Flux" } };
const NAV: NavItem[] = [
  { href: "/store", label: "Dashboard", icon: "dashboard" },
  // loans (issue 4)
  { href: "/store/loans", label: "EMI purchases", icon: "briefcase" },
  // lending (issue 3)
  { href: "/store/checkout", label: "EMI checkout", icon: "applications" },
];

export default function StoreLayout({ children }: { children: React.ReactNode }) {
  return (
    <PortalLayout portalId="store" nav={NAV}>
      {children}
    </PortalLayout>
  );
}
