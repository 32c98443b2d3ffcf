import type { Metadata } from "next";
import { StoreCheckout } from "@/components/lending/store-checkout";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "EMI checkout" };

export default function StoreCheckoutPage() {
  return (
    <>
      <PageHeader
        title="EMI checkout"
        description="Show a QR code for the bill; watch the lenders’ decision arrive."
      />
      <StoreCheckout />
    </>
  );
}
