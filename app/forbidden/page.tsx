import type { Metadata } from "next";
import { Forbidden } from "@/components/portal/forbidden";
import { currentActor } from "@/lib/trpc/server";
import { homePathFor, PORTALS } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "No access" };

export default async function ForbiddenPage({
  searchParams,
}: {
  searchParams: Promise<{ portal?: string }>;
}) {
  const { portal: portalId } = await searchParams;
  const portal = PORTALS.find((candidate) => candidate.id === portalId);
  const actor = await currentActor();
  const home = actor.kind === "user" ? homePathFor(actor.roles) : null;
  return (
    <Forbidden portalTitle={portal?.title ?? "this area"} homePath={home && home !== "/" ? home : null} />
  );
}
