/** Server-side gate and chrome for a portal: refuses anyone whose current roles do not include the portal's. */
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { type NavItem, PortalShell } from "@/components/layout/portal-shell";
import { currentActor, serverApi } from "@/lib/trpc/server";
import { homePathFor, PORTALS, type PortalId, ROLE_LABELS } from "@/server/auth/permissions";
import { Forbidden } from "./forbidden";

export async function PortalLayout({
  portalId,
  nav,
  children,
}: {
  portalId: PortalId;
  nav: NavItem[];
  children: React.ReactNode;
}) {
  await connection();
  const portal = PORTALS.find((candidate) => candidate.id === portalId)!;
  const actor = await currentActor();
  if (actor.kind !== "user") redirect(`/sign-in?callbackUrl=${encodeURIComponent(portal.path)}`);
  if (!actor.roles.includes(portal.role)) {
    const home = homePathFor(actor.roles);
    return <Forbidden portalTitle={portal.title} homePath={home === "/" ? null : home} />;
  }
  const me = await (await serverApi()).auth.me();
  return (
    <PortalShell
      portalTitle={portal.title}
      homeHref={portal.path}
      nav={nav}
      user={{
        name: me.name,
        detail: me.organisation?.name ?? me.email ?? me.phone ?? "",
        roleLabel: ROLE_LABELS[portal.role],
      }}
    >
      {children}
    </PortalShell>
  );
}
