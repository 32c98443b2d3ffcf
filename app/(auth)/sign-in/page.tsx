import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { Brand } from "@/components/brand";
import { currentActor } from "@/lib/trpc/server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/server/auth/demo-accounts";
import { homePathFor } from "@/server/auth/permissions";
import { env } from "@/server/platform/env";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const actor = await currentActor();
  const { callbackUrl } = await searchParams;
  if (actor.kind === "user" && !actor.roles.every((role) => role === "shopper"))
    redirect(homePathFor(actor.roles));
  const demo = env().SANDBOX_ENABLED
    ? { accounts: DEMO_ACCOUNTS.map((account) => ({ ...account })), password: DEMO_PASSWORD }
    : null;
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-10">
      <Brand />
      <Suspense>
        <SignInForm callbackUrl={callbackUrl} demo={demo} />
      </Suspense>
    </div>
  );
}
