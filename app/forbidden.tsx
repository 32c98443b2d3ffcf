import type { Metadata } from "next";
import { headers } from "next/headers";
import { Forbidden, PORTAL_HEADER } from "@/components/portal/forbidden";
import { currentActor } from "@/lib/trpc/server";
import { homePathFor, PORTALS } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "No access" };

/** The 403 page (Next's forbidden() boundary): says what was refused and where the user can go. */
export default async function ForbiddenPage() {
  const portalId = (await headers()).get(PORTAL_HEADER);
  const portal = PORTALS.find((candidate) => candidate.id === portalId);
  const actor = await currentActor();
  const home = actor.kind === "user" ? homePathFor(actor.roles) : null;
  return (
    <Forbidden portalTitle={portal?.title ?? "this area"} homePath={home && home !== "/" ? home : null} />
  );
}
