import { WifiOff } from "lucide-react";
import type { Metadata } from "next";
import { Brand } from "@/components/brand";

export const metadata: Metadata = { title: "You are offline" };
export const dynamic = "force-static";

export default function OfflinePage() {
  return (
    <main className="flex flex-1 flex-col items-center justify-center gap-6 text-center">
      <Brand href="/checkout" />
      <WifiOff className="size-10 text-muted-foreground" aria-hidden />
      <div>
        <h1 className="text-xl font-semibold">You are offline</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          Nothing was submitted. Connect to the internet (or the store’s Wi-Fi) and try again; your
          application is safe.
        </p>
      </div>
    </main>
  );
}
