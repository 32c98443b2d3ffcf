/** Server-side gate and chrome for a portal: refuses anyone whose current roles do not include the portal's. */
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { type NavItem, PortalShell } from "@/components/layout/portal-shell";
import { currentActor, serverApi } from "@/lib/trpc/server";
import { PORTALS, type PortalId, ROLE_LABELS } from "@/server/auth/permissions";

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
  if (!actor.roles.includes(portal.role)) forbidden();
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
