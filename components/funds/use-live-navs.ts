"use client";

import { useEffect, useState } from "react";

export interface LiveNav {
  schemeCode: number;
  nav: string;
  navDate: string;
}

/**
 * Subscribes to /api/funds/stream (Server-Sent Events fed by the Redis NAV broadcast) for the given scheme
 * codes; returns the NAVs published since the page opened. EventSource reconnects by itself.
 */
export function useLiveNavs(codes: number[]): { navs: Map<number, LiveNav>; connected: boolean } {
  const [navs, setNavs] = useState<Map<number, LiveNav>>(new Map());
  const [connected, setConnected] = useState(false);
  const key = [...codes].sort((a, b) => a - b).join(",");
  useEffect(() => {
    if (!key) return;
    const source = new EventSource(`/api/funds/stream?codes=${key}`);
    source.addEventListener("ready", () => setConnected(true));
    source.addEventListener("unavailable", () => setConnected(false));
    source.addEventListener("nav", (event) => {
      const nav = JSON.parse((event as MessageEvent<string>).data) as LiveNav;
      setNavs((current) => {
        const previous = current.get(nav.schemeCode);
        if (previous && previous.navDate > nav.navDate) return current;
        const next = new Map(current);
        next.set(nav.schemeCode, nav);
        return next;
      });
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [key]);
  return { navs, connected };
}
