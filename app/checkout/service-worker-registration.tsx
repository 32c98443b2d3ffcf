"use client";

import { useEffect } from "react";

/** Registers the checkout service worker (installable app, offline page). */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (!("serviceWorker" in navigator) || process.env.NODE_ENV !== "production") return;
    navigator.serviceWorker.register("/serwist/sw.js", { scope: "/checkout" }).catch(() => undefined);
  }, []);
  return null;
}
