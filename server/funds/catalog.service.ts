/**
 * The investor-facing fund catalog: search and filters over schemes, each with its latest NAV read through
 * the NAV read service (so the NAV date is always attached) and a stale badge by its SEBI deadline; and the
 * scheme page: facts, NAV history, returns.
 */
import type { Prisma } from "../platform/db/client";
import { AppError } from "../platform/errors";
import type { FundsDeps } from "./deps";
import { navStaleness } from "./domain/freshness";
import { allReturns, type NavPoint } from "./domain/returns";
import { RISK_LEVELS, type SchemeClass } from "./domain/scheme-facts";
import { normaliseNavText } from "./nav-cache";
import { getLatestNavs } from "./nav-read.service";
import { getFundSettings } from "./settings.service";

export interface CatalogFilter {
  query?: string;
  category?: string;
  amc?: string;
  plan?: "direct" | "regular";
  option?: "growth" | "idcw";
  riskLevel?: number;
  withNavOnly?: boolean;
  page: number;
  pageSize: number;
}

type ReadDeps = Pick<FundsDeps, "db" | "redis" | "redisPrefix" | "clock">;

function whereFor(filter: CatalogFilter): Prisma.FundSchemeWhereInput {
  const query = filter.query?.trim();
  const and: Prisma.FundSchemeWhereInput[] = [];
  if (query) {
    const isin = query.toUpperCase();
    and.push({
      OR: [
        ...(/^\d+$/.test(query) ? [{ code: Number(query) }] : []),
        { name: { contains: query, mode: "insensitive" } },
        { amc: { contains: query, mode: "insensitive" } },
        { isinGrowth: isin },
        { isinReinvest: isin },
      ],
    });
  }
  if (filter.category) and.push({ category: filter.category });
  if (filter.amc) and.push({ amc: filter.amc });
  if (filter.plan) and.push({ plan: filter.plan });
  if (filter.option) and.push({ option: filter.option });
  if (filter.riskLevel) and.push({ riskLevel: filter.riskLevel });
  if (filter.withNavOnly) and.push({ latestNavDate: { not: null } });
  return and.length ? { AND: and } : {};
}

export async function listCatalog(deps: ReadDeps, filter: CatalogFilter) {
  const where = whereFor(filter);
  const [total, schemes] = await Promise.all([
    deps.db.fundScheme.count({ where }),
    deps.db.fundScheme.findMany({
      where,
      orderBy: [{ latestNavDate: { sort: "desc", nulls: "last" } }, { name: "asc" }],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
      select: {
        code: true,
        name: true,
        amc: true,
        category: true,
        plan: true,
        option: true,
        riskLevel: true,
        schemeClass: true,
        isinGrowth: true,
        isinReinvest: true,
      },
    }),
  ]);
  const navs = await getLatestNavs(
    deps,
    schemes.map((s) => s.code),
  );
  const settings = await getFundSettings(deps.db, { maxAgeMs: 60_000 });
  const holidays = new Set(settings.holidays);
  const now = deps.clock.now();
  return {
    total,
    page: filter.page,
    pageSize: filter.pageSize,
    items: schemes.map((scheme) => {
      const nav = navs.get(scheme.code) ?? null;
      const staleness = nav
        ? navStaleness(scheme.schemeClass as SchemeClass, nav.navDate, now, holidays)
        : null;
      return {
        ...scheme,
        riskLabel: RISK_LEVELS[scheme.riskLevel - 1] ?? "Unknown",
        nav: nav?.nav ?? null,
        navDate: nav?.navDate ?? null,
        stale: staleness?.stale ?? false,
        lagBusinessDays: staleness?.lagBusinessDays ?? null,
      };
    }),
  };
}

export async function catalogFacets(deps: Pick<FundsDeps, "db">) {
  const [categories, amcs] = await Promise.all([
    deps.db.fundScheme.groupBy({ by: ["category"], _count: { _all: true }, orderBy: { category: "asc" } }),
    deps.db.fundScheme.groupBy({ by: ["amc"], _count: { _all: true }, orderBy: { amc: "asc" } }),
  ]);
  return {
    categories: categories.flatMap((c) => (c.category ? [{ value: c.category, count: c._count._all }] : [])),
    amcs: amcs.flatMap((a) => (a.amc ? [{ value: a.amc, count: a._count._all }] : [])),
    riskLevels: RISK_LEVELS.map((label, index) => ({ value: index + 1, label })),
  };
}

export async function getSchemePage(deps: ReadDeps, code: number) {
  const scheme = await deps.db.fundScheme.findUnique({ where: { code } });
  if (!scheme) throw new AppError("NOT_FOUND", `There is no scheme with code ${code}.`);
  const rows = await deps.db.$queryRaw<{ d: string; n: string }[]>`
    SELECT to_char(nav_date, 'YYYY-MM-DD') AS d, nav::text AS n FROM fund_nav
    WHERE scheme_code = ${code} ORDER BY nav_date`;
  const history: NavPoint[] = rows.map((row) => ({ navDate: row.d, nav: normaliseNavText(row.n) }));
  const latest = (await getLatestNavs(deps, [code])).get(code) ?? null;
  const settings = await getFundSettings(deps.db, { maxAgeMs: 60_000 });
  const staleness = latest
    ? navStaleness(
        scheme.schemeClass as SchemeClass,
        latest.navDate,
        deps.clock.now(),
        new Set(settings.holidays),
      )
    : null;
  return {
    code: scheme.code,
    name: scheme.name,
    amc: scheme.amc,
    category: scheme.category,
    structure: scheme.structure,
    plan: scheme.plan,
    option: scheme.option,
    schemeClass: scheme.schemeClass,
    isinGrowth: scheme.isinGrowth,
    isinReinvest: scheme.isinReinvest,
    riskLevel: scheme.riskLevel,
    riskLabel: RISK_LEVELS[scheme.riskLevel - 1] ?? "Unknown",
    minInvestmentPaise: scheme.minInvestmentPaise,
    maxInvestmentPaise: scheme.maxInvestmentPaise,
    cutoffOverride: scheme.cutoffOverride,
    launchDate: scheme.launchDate?.toISOString().slice(0, 10) ?? null,
    nav: latest?.nav ?? null,
    navDate: latest?.navDate ?? null,
    stale: staleness?.stale ?? false,
    lagBusinessDays: staleness?.lagBusinessDays ?? null,
    expectedNavDate: staleness?.expectedNavDate ?? null,
    history: history.map((p) => [p.navDate, p.nav] as const),
    returns: allReturns(history).map((r) =>
      r.kind === "not_enough_history"
        ? { period: r.period, kind: r.kind, percent: null, historySince: r.historySince }
        : { period: r.period, kind: r.kind, percent: r.percent, historySince: null },
    ),
  };
}
