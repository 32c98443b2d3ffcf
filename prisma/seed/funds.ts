/**
 * Funds demo data (issue 5): the AMFI scheme master (15,734 schemes) and ten years of daily NAV history for
 * 97 schemes, from ../shared/data/amfi (AMFI's public data via public mirrors; see its README). Bulk
 * inserts through `unnest`, guarded by a marker so a restart costs one query. Today's NAVs arrive the real
 * way: the poller fetches the sandbox's AMFI file (or an admin uploads one).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAmfiDate } from "@/server/funds/domain/dates";
import { checkIsin } from "@/server/funds/domain/isin";
import { parseNav } from "@/server/funds/domain/nav";
import {
  defaultRiskLevel,
  deriveOption,
  derivePlan,
  deriveSchemeClass,
} from "@/server/funds/domain/scheme-facts";
import type { Db } from "@/server/platform/db/client";

const MARKER = "funds.seed";
const VERSION = 1;

export function fundsDataDir(): string {
  return process.env.FLUX_SHARED_DATA
    ? path.join(process.env.FLUX_SHARED_DATA, "amfi")
    : path.resolve(process.cwd(), "../shared/data/amfi");
}

const AMC_FIXUPS: Record<string, string> = {
  "Nippon Life India": "Nippon India",
  "360 ONE": "360 ONE",
  LIC: "LIC",
  "IL&FS Infra": "IL&FS",
  "Helios Capital": "Helios",
  "UTI Asset Mgmt. Co. Ltd.": "UTI",
};

/** "HDFC Asset Management Company Limited" → "HDFC Mutual Fund", the name the NAV file uses. */
export function amcDisplayName(master: string): string {
  const base = master
    .replace(/\(.*\)/, "")
    .replace(
      /\s+(Asset Management|Asset Managers|Asset Mgmt|AMC|Funds Management|Investment Managers|Investment Management|Money Managers|Mutual Fund Asset).*$/i,
      "",
    )
    .trim();
  const fixed = AMC_FIXUPS[base] ?? base;
  return fixed === "IL&FS" ? "IL&FS Mutual Fund (IDF)" : `${fixed} Mutual Fund`;
}

function minimumPaise(text: string): bigint | null {
  const match = /(\d[\d,]*)/.exec(text.replace(/Rs\.?/gi, ""));
  if (!match) return null;
  const rupees = BigInt(match[1]!.replace(/,/g, ""));
  return rupees > 0n && rupees < 100_000_000_000n ? rupees * 100n : null;
}

interface MasterRow {
  code: number;
  name: string;
  amc: string;
  category: string;
  structure: string;
  plan: string;
  option: string;
  schemeClass: string;
  isinGrowth: string | null;
  isinReinvest: string | null;
  riskLevel: number;
  minInvestmentPaise: bigint | null;
  launchDate: string | null;
}

export function readSchemeMaster(file: string): MasterRow[] {
  const lines = readFileSync(file, "utf8").split(/\r?\n/).slice(1);
  const rows: MasterRow[] = [];
  const seen = new Set<number>();
  for (const line of lines) {
    if (!line.trim()) continue;
    const f = line.split(",");
    if (f.length < 10) continue;
    const code = Number(f[1]);
    if (!Number.isInteger(code) || code <= 0 || seen.has(code)) continue;
    seen.add(code);
    const name = (f[5] || f[2] || "").trim();
    const category = (f[4] ?? "").trim();
    const isins = (f[9] ?? "").trim().match(/.{12}/g) ?? [];
    const valid = isins.map((isin) => checkIsin(isin)).map((check) => (check.ok ? check.isin : null));
    rows.push({
      code,
      name,
      amc: amcDisplayName(f[0] ?? ""),
      category,
      structure: (f[3] ?? "").trim(),
      plan: derivePlan(name, null),
      option: deriveOption(name, null),
      schemeClass: deriveSchemeClass(name, category),
      isinGrowth: valid[0] ?? null,
      isinReinvest: valid[1] ?? null,
      riskLevel: defaultRiskLevel(category),
      minInvestmentPaise: minimumPaise(f[6] ?? ""),
      launchDate: parseAmfiDate(f[7] ?? ""),
    });
  }
  return rows;
}

export function readNavHistory(dir: string): { code: number; navDate: string; nav: string }[] {
  const out: { code: number; navDate: string; nav: string }[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".csv"))) {
    const code = Number(name.replace(/\.csv$/, ""));
    for (const line of readFileSync(path.join(dir, name), "utf8").split(/\r?\n/).slice(1)) {
      const [date, value] = line.split(",");
      if (!date || !value || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
      const nav = parseNav(value);
      if (nav.ok) out.push({ code, navDate: date, nav: nav.nav });
    }
  }
  return out;
}

export async function seedFunds(
  db: Db,
  log: (line: string) => void = () => undefined,
): Promise<{ created: boolean }> {
  const marker = await db.platformSetting.findUnique({ where: { key: MARKER } });
  if ((marker?.value as { version?: number } | null)?.version === VERSION) return { created: false };
  const dir = fundsDataDir();
  const masterFile = path.join(dir, "scheme_master_2024-11.csv");
  if (!existsSync(masterFile)) {
    log(`funds: ${masterFile} not found; catalog not seeded`);
    return { created: false };
  }
  const started = Date.now();
  const master = readSchemeMaster(masterFile);
  const history = readNavHistory(path.join(dir, "nav_history"));
  const now = new Date();
  await db.$transaction(
    async (tx) => {
      for (let start = 0; start < master.length; start += 5_000) {
        const rows = master.slice(start, start + 5_000);
        await tx.$executeRaw`
          INSERT INTO fund_scheme (code, name, amc, category, structure, plan, option, scheme_class, isin_growth,
                                   isin_reinvest, risk_level, min_investment_paise, launch_date, created_at, updated_at)
          SELECT u.*, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
            ${rows.map((r) => r.code)}::int[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.amc)}::text[],
            ${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.structure)}::text[],
            ${rows.map((r) => r.plan)}::text[], ${rows.map((r) => r.option)}::text[],
            ${rows.map((r) => r.schemeClass)}::text[], ${rows.map((r) => r.isinGrowth)}::text[],
            ${rows.map((r) => r.isinReinvest)}::text[], ${rows.map((r) => r.riskLevel)}::int[],
            ${rows.map((r) => r.minInvestmentPaise?.toString() ?? null)}::bigint[], ${rows.map((r) => r.launchDate)}::date[]
          ) AS u
          ON CONFLICT (code) DO NOTHING`;
      }
      for (let start = 0; start < history.length; start += 25_000) {
        const rows = history.slice(start, start + 25_000);
        await tx.$executeRaw`
          INSERT INTO fund_nav (scheme_code, nav_date, nav, created_at, updated_at)
          SELECT u.*, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
            ${rows.map((r) => r.code)}::int[], ${rows.map((r) => r.navDate)}::date[], ${rows.map((r) => r.nav)}::numeric[]
          ) AS u
          ON CONFLICT (scheme_code, nav_date) DO NOTHING`;
      }
      // Latest NAV of each seeded scheme, only where nothing newer is known.
      await tx.$executeRaw`
        UPDATE fund_scheme s SET latest_nav = l.nav, latest_nav_date = l.nav_date
        FROM (SELECT DISTINCT ON (scheme_code) scheme_code, nav_date, nav FROM fund_nav
              ORDER BY scheme_code, nav_date DESC) l
        WHERE s.code = l.scheme_code AND (s.latest_nav_date IS NULL OR s.latest_nav_date < l.nav_date)`;
      await tx.platformSetting.upsert({
        where: { key: MARKER },
        create: { key: MARKER, value: { version: VERSION } },
        update: { value: { version: VERSION } },
      });
    },
    { timeout: 120_000 },
  );
  log(
    `seeded funds: ${master.length} schemes, ${history.length} historical NAVs in ${Date.now() - started} ms`,
  );
  return { created: true };
}
