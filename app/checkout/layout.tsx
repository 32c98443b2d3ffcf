import type { Metadata, Viewport } from "next";
import { ServiceWorkerRegistration } from "./service-worker-registration";

export const metadata: Metadata = {
  title: { default: "Flux Checkout", template: "%s · Flux Checkout" },
  manifest: "/checkout/manifest.webmanifest",
  appleWebApp: { capable: true, title: "Flux EMI", statusBarStyle: "default" },
};

export const viewport: Viewport = {
  themeColor: "#4338ca",
  width: "device-width",
  initialScale: 1,
  viewportFit: "cover",
};

export default function CheckoutLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto flex min-h-dvh w-full max-w-md flex-col px-4 pt-[max(1rem,env(safe-area-inset-top))] pb-[max(1rem,env(safe-area-inset-bottom))]">
      <ServiceWorkerRegistration />
      {children}
    </div>
  );
}
