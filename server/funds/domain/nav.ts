/**
 * NAVs are exact decimals (decimal.js, never a JS float), up to 8 decimal places as AMFI publishes them.
 */
import Decimal from "decimal.js";

export const NavDecimal = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Nav = InstanceType<typeof NavDecimal>;

export const NAV_MAX_DECIMALS = 8;

export type NavParse =
  | { ok: true; nav: string }
  | { ok: false; reason: "nav_not_available" | "nav_zero" | "nav_not_a_number" | "nav_too_precise" };

/** `107.1360` → `107.136`, `10.` → `10`; `N.A.`, `-`, `` → not available; `0.0000` → zero. */
export function parseNav(text: string): NavParse {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "-" || /^n\.?\s*a\.?$/i.test(trimmed))
    return { ok: false, reason: "nav_not_available" };
  if (!/^(\d+\.?\d*|\.\d+)$/.test(trimmed)) return { ok: false, reason: "nav_not_a_number" };
  const decimals = trimmed.includes(".") ? trimmed.length - trimmed.indexOf(".") - 1 : 0;
  if (decimals > NAV_MAX_DECIMALS) return { ok: false, reason: "nav_too_precise" };
  const value = new NavDecimal(trimmed);
  if (value.isZero()) return { ok: false, reason: "nav_zero" };
  return { ok: true, nav: value.toFixed() };
}

export function navEquals(a: string, b: string): boolean {
  return new NavDecimal(a).eq(b);
}

/** |current / previous - 1| in basis points, rounded up (so a threshold is never passed by rounding). */
export function jumpBps(previous: string, current: string): number {
  const ratio = new NavDecimal(current).div(previous).minus(1).abs().times(10_000);
  return ratio.ceil().toNumber();
}
