"use client";

import { Toaster } from "sonner";
import { TrpcReactProvider } from "@/lib/trpc/client";

export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <TrpcReactProvider>
      {children}
      <Toaster richColors closeButton position="top-right" />
    </TrpcReactProvider>
  );
}
