import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Brand } from "@/components/brand";
import { currentActor } from "@/lib/trpc/server";
import { OtpSignIn } from "./otp-sign-in";

export const metadata: Metadata = { title: "Sign in with your phone" };

export default async function CheckoutSignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  const actor = await currentActor();
  const next = callbackUrl?.startsWith("/checkout") ? callbackUrl : "/checkout/home";
  if (actor.kind === "user" && actor.roles.includes("shopper")) redirect(next);
  return (
    <main className="flex flex-1 flex-col gap-8 pt-6">
      <Brand href="/checkout" subtitle="Checkout" />
      <OtpSignIn next={next} />
      <p className="mt-auto text-center text-xs text-muted-foreground">
        Flux connects you with RBI-regulated lenders. Grievance officer: grievance@flux.local
      </p>
    </main>
  );
}
