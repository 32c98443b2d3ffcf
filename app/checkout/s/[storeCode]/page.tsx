import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { Brand } from "@/components/brand";
import { CheckoutStart } from "@/components/lending/checkout-start";
import { currentActor } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Pay with EMI" };

/** The page a store's QR code opens: sign in with a one-time code first, then the application form. */
export default async function CheckoutStorePage({
  params,
  searchParams,
}: {
  params: Promise<{ storeCode: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await connection();
  const { storeCode } = await params;
  const query = await searchParams;
  const link = {
    storeCode: decodeURIComponent(storeCode).slice(0, 40),
    amount: (query.amount ?? "").slice(0, 20),
    item: (query.item ?? "").slice(0, 200),
    exp: (query.exp ?? "").slice(0, 20),
    nonce: (query.n ?? "").slice(0, 40),
    sig: (query.sig ?? "").slice(0, 64),
  };
  const actor = await currentActor();
  if (actor.kind !== "user" || !actor.roles.includes("shopper")) {
    const here = `/checkout/s/${encodeURIComponent(link.storeCode)}?${new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    ).toString()}`;
    redirect(`/checkout?callbackUrl=${encodeURIComponent(here)}`);
  }
  return (
    <main className="flex flex-1 flex-col gap-5 pt-4">
      <Brand href="/checkout/home" subtitle="Checkout" />
      <CheckoutStart link={link} />
    </main>
  );
}
