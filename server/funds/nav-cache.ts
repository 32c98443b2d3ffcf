/**
 * The Redis side of NAVs: one key per scheme with the latest NAV and its date (TTL: until the next NAV is
 * due), and a pub/sub channel that tells open investor pages a NAV was published. All best-effort: the
 * database is the source of truth; a miss or a dead Redis falls back to it.
 */
import type { Redis } from "ioredis";
import { secondsUntilNextPublication } from "./domain/freshness";
import type { SchemeClass } from "./domain/scheme-facts";

export interface CachedNav {
  schemeCode: number;
  nav: string;
  navDate: string;
  schemeClass: SchemeClass;
}

export function navCacheKey(prefix: string, schemeCode: number): string {
  return `${prefix}:funds:nav:${schemeCode}`;
}

export function navChannel(prefix: string): string {
  return `${prefix}:funds:nav-published`;
}

/** Trailing zeros off an exact decimal string ("107.13600000" → "107.136"). */
export function normaliseNavText(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}

export async function writeNavCache(
  redis: Redis,
  prefix: string,
  navs: readonly CachedNav[],
  now: Date,
  holidays: ReadonlySet<string>,
): Promise<void> {
  const chunk = 2_000;
  for (let start = 0; start < navs.length; start += chunk) {
    const pipeline = redis.pipeline();
    for (const nav of navs.slice(start, start + chunk)) {
      const ttl = secondsUntilNextPublication(nav.schemeClass, nav.navDate, now, holidays);
      pipeline.set(navCacheKey(prefix, nav.schemeCode), JSON.stringify(nav), "EX", ttl);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}

export interface NavBroadcast {
  runId: string;
  /** [schemeCode, nav, navDate] */
  navs: [number, string, string][];
}

export async function publishNavBroadcast(
  redis: Redis,
  prefix: string,
  message: NavBroadcast,
): Promise<void> {
  await redis.publish(navChannel(prefix), JSON.stringify(message));
}
