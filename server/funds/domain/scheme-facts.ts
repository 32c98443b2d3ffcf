/**
 * Facts derived from a scheme's name and category: plan (direct/regular), option (growth/IDCW) and the
 * SEBI publishing class that sets its NAV deadline.
 */

export type Plan = "direct" | "regular";
export type SchemeOption = "growth" | "idcw";
/**
 * standard: NAV by 11 pm on T. commodity: exchange-traded commodity exposure (gold, silver), 9 am T+1.
 * fof_overseas: fund of funds or 80%+ overseas, 10 am T+1.
 */
export type SchemeClass = "standard" | "commodity" | "fof_overseas";
export const SCHEME_CLASSES: readonly SchemeClass[] = ["standard", "commodity", "fof_overseas"];

export function derivePlan(name: string, planColumn: string | null): Plan {
  const source = planColumn ?? name;
  return /\bdirect\b/i.test(source) || /-\s*direct/i.test(source) ? "direct" : "regular";
}

export function deriveOption(name: string, optionColumn: string | null): SchemeOption {
  const source = optionColumn ?? name;
  if (/\bgrowth\b/i.test(source)) return "growth";
  return /idcw|\bdcw\b|dividend|bonus|payout|reinvest/i.test(source) ? "idcw" : "growth";
}

export function deriveSchemeClass(name: string, category: string | null): SchemeClass {
  const text = `${category ?? ""} ${name}`;
  if (/\bfof\b|fund of funds?|overseas|international|global|nasdaq|us equity|s&p 500|feeder/i.test(text))
    return "fof_overseas";
  if (/\bgold\b|\bsilver\b|commodit/i.test(text)) return "commodity";
  return "standard";
}

/** A default riskometer level (1 low … 6 very high) by category, until an admin sets the scheme's own. */
export function defaultRiskLevel(category: string | null): number {
  const text = (category ?? "").toLowerCase();
  if (/overnight/.test(text)) return 1;
  if (/liquid|money market/.test(text)) return 2;
  if (
    /arbitrage|ultra short|low duration|gilt|banking and psu|floater|short duration|corporate bond/.test(text)
  )
    return 3;
  if (/conservative|debt|income|dynamic bond|medium|equity savings|index funds - debt/.test(text)) return 4;
  if (/hybrid|balanced|gold|silver|multi asset|fof domestic|retirement|children/.test(text)) return 5;
  return 6;
}

export const RISK_LEVELS = [
  "Low",
  "Low to Moderate",
  "Moderate",
  "Moderately High",
  "High",
  "Very High",
] as const;
