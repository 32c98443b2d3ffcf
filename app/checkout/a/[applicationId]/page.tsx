import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Brand } from "@/components/brand";
import { ApplicationView } from "@/components/lending/application-view";
import { currentActor } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Your EMI application" };

export default async function CheckoutApplicationPage({
  params,
}: {
  params: Promise<{ applicationId: string }>;
}) {
  const { applicationId } = await params;
  const actor = await currentActor();
  if (actor.kind !== "user" || !actor.roles.includes("shopper"))
    redirect(`/checkout?callbackUrl=${encodeURIComponent(`/checkout/a/${applicationId}`)}`);
  return (
    <main className="flex flex-1 flex-col gap-5 pt-4">
      <Brand href="/checkout/home" subtitle="Checkout" />
      <ApplicationView applicationId={applicationId} />
    </main>
  );
}
