/**
 * THE way to read a scheme's latest NAV (catalog, scheme page, and later order pricing): Redis first, the
 * database on a miss (then the cache is filled), and the NAV's own date always attached. Redis being
 * down only costs a database read.
 */
import type { FundsDeps } from "./deps";
import type { SchemeClass } from "./domain/scheme-facts";
import { type CachedNav, navCacheKey, normaliseNavText, writeNavCache } from "./nav-cache";
import { getFundSettings } from "./settings.service";

export interface LatestNav {
  schemeCode: number;
  /** Exact decimal as text. */
  nav: string;
  /** The date the NAV is for (ISO), never the time it was read. */
  navDate: string;
  schemeClass: SchemeClass;
  source: "cache" | "db";
}

type ReadDeps = Pick<FundsDeps, "db" | "redis" | "redisPrefix" | "clock">;

export async function getLatestNav(deps: ReadDeps, schemeCode: number): Promise<LatestNav | null> {
  return (await getLatestNavs(deps, [schemeCode])).get(schemeCode) ?? null;
}

export async function getLatestNavs(
  deps: ReadDeps,
  schemeCodes: readonly number[],
): Promise<Map<number, LatestNav>> {
  const result = new Map<number, LatestNav>();
  const codes = [...new Set(schemeCodes)];
  if (!codes.length) return result;
  let missing = codes;
  try {
    const values = await deps.redis.mget(codes.map((code) => navCacheKey(deps.redisPrefix, code)));
    missing = [];
    values.forEach((value, index) => {
      const code = codes[index]!;
      if (value) {
        const cached = JSON.parse(value) as CachedNav;
        result.set(code, { ...cached, source: "cache" });
      } else missing.push(code);
    });
  } catch {
    // Redis down: read everything from the database.
  }
  if (!missing.length) return result;
  const rows = await deps.db.$queryRaw<
    { code: number; nav: string; nav_date: string; scheme_class: string }[]
  >`
    SELECT code, latest_nav::text AS nav, to_char(latest_nav_date, 'YYYY-MM-DD') AS nav_date, scheme_class
    FROM fund_scheme WHERE code = ANY(${missing}::int[]) AND latest_nav IS NOT NULL`;
  const fill: CachedNav[] = [];
  for (const row of rows) {
    const nav: CachedNav = {
      schemeCode: row.code,
      nav: normaliseNavText(row.nav),
      navDate: row.nav_date,
      schemeClass: row.scheme_class as SchemeClass,
    };
    fill.push(nav);
    result.set(row.code, { ...nav, source: "db" });
  }
  if (fill.length) {
    try {
      const settings = await getFundSettings(deps.db, { maxAgeMs: 60_000 });
      await writeNavCache(deps.redis, deps.redisPrefix, fill, deps.clock.now(), new Set(settings.holidays));
    } catch {
      // Best effort: the next read fills it.
    }
  }
  return result;
}
