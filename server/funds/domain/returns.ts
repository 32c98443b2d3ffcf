/**
 * Scheme returns from a NAV history: absolute for periods up to one year, CAGR beyond, and "not enough
 * history" (never 0) when the history does not reach back to the start of the period.
 */
import { addDays } from "./dates";
import { NavDecimal } from "./nav";

export interface NavPoint {
  navDate: string;
  nav: string;
}

export const RETURN_PERIODS = [
  { key: "1M", months: 1 },
  { key: "6M", months: 6 },
  { key: "1Y", months: 12 },
  { key: "3Y", months: 36 },
  { key: "5Y", months: 60 },
] as const;
export type ReturnPeriod = (typeof RETURN_PERIODS)[number]["key"];

export type ReturnResult =
  | { kind: "absolute"; period: ReturnPeriod; percent: string; from: NavPoint; to: NavPoint }
  | { kind: "cagr"; period: ReturnPeriod; percent: string; from: NavPoint; to: NavPoint }
  | { kind: "not_enough_history"; period: ReturnPeriod; historySince: string | null };

export function subtractMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${String(targetMonth).padStart(2, "0")}-${String(Math.min(day, lastDay)).padStart(2, "0")}`;
}

/** The last point on or before `date` in an ascending history (binary search). */
export function pointOnOrBefore(history: readonly NavPoint[], date: string): NavPoint | null {
  let low = 0;
  let high = history.length - 1;
  let found: NavPoint | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const point = history[mid]!;
    if (point.navDate <= date) {
      found = point;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** `history` ascending by date. The period ends at the latest NAV. */
export function schemeReturn(history: readonly NavPoint[], period: ReturnPeriod): ReturnResult {
  const months = RETURN_PERIODS.find((p) => p.key === period)!.months;
  const to = history.at(-1);
  if (!to) return { kind: "not_enough_history", period, historySince: null };
  const start = subtractMonths(to.navDate, months);
  // Allow a start that falls on a holiday: take the last NAV within 7 days before the start date.
  const from = pointOnOrBefore(history, start);
  if (!from || from.navDate < addDays(start, -7)) {
    return { kind: "not_enough_history", period, historySince: history[0]!.navDate };
  }
  const growth = new NavDecimal(to.nav).div(from.nav);
  if (months <= 12) {
    return { kind: "absolute", period, percent: growth.minus(1).times(100).toFixed(2), from, to };
  }
  const years = new NavDecimal(months).div(12);
  const cagr = growth.pow(new NavDecimal(1).div(years)).minus(1).times(100);
  return { kind: "cagr", period, percent: cagr.toFixed(2), from, to };
}

export function allReturns(history: readonly NavPoint[]): ReturnResult[] {
  return RETURN_PERIODS.map((p) => schemeReturn(history, p.key));
}
