/**
 * Exact money for the loan book: amounts are integer paise (bigint); intermediate arithmetic (rates,
 * EMI formula, IRR) runs in decimal.js at 40 significant digits and comes back to paise only through a
 * named rounding mode. Never a JS float.
 */
import Decimal from "decimal.js";

/** A private Decimal constructor so our precision never leaks into (or from) other users of decimal.js. */
export const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof D>;

export const ROUNDING_MODES = [
  "HALF_UP",
  "HALF_EVEN",
  "HALF_DOWN",
  "UP",
  "DOWN",
  "CEILING",
  "FLOOR",
] as const;
/** Named rounding modes (dinero.js / java.math.RoundingMode names). UP = away from zero, DOWN = toward zero. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const DECIMAL_MODE: Record<RoundingMode, Decimal.Rounding> = {
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  HALF_DOWN: Decimal.ROUND_HALF_DOWN,
  UP: Decimal.ROUND_UP,
  DOWN: Decimal.ROUND_DOWN,
  CEILING: Decimal.ROUND_CEIL,
  FLOOR: Decimal.ROUND_FLOOR,
};

export function dec(value: bigint | number | string | Dec): Dec {
  return new D(typeof value === "bigint" ? value.toString() : value);
}

/** Rounds a decimal amount of paise to a whole number of paise. */
export function roundPaise(value: Dec, mode: RoundingMode): bigint {
  return BigInt(value.toDecimalPlaces(0, DECIMAL_MODE[mode]).toFixed(0));
}

/** Rounds a decimal amount of paise to a multiple of `multiplePaise` (100n = whole rupees). */
export function roundToMultiple(value: Dec, multiplePaise: bigint, mode: RoundingMode): bigint {
  if (multiplePaise <= 0n) throw new RangeError("rounding multiple must be positive");
  const units = value.div(dec(multiplePaise)).toDecimalPlaces(0, DECIMAL_MODE[mode]);
  return BigInt(units.toFixed(0)) * multiplePaise;
}

/** Integer division of bigints with a named rounding mode (exact; no decimal detour). */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  return roundPaise(dec(numerator).div(dec(denominator)), mode);
}

export function sumPaise(values: readonly bigint[]): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

export function minPaise(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxPaise(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Splits `total` into `parts` shares that differ by at most one paisa, earlier shares taking the remainder. */
export function allocateEvenly(total: bigint, parts: number): bigint[] {
  if (parts <= 0) throw new RangeError("parts must be positive");
  const count = BigInt(parts);
  const base = total / count;
  let remainder = total - base * count;
  return Array.from({ length: parts }, () => {
    if (remainder > 0n) {
      remainder -= 1n;
      return base + 1n;
    }
    return base;
  });
}

/** ₹1,23,456.78 (Indian digit grouping). */
export function formatRupees(paise: bigint, options: { symbol?: boolean; decimals?: boolean } = {}): string {
  const negative = paise < 0n;
  const abs = negative ? -paise : paise;
  const rupees = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0");
  const digits = rupees.toString();
  const lastThree = digits.slice(-3);
  const rest = digits.slice(0, -3);
  const grouped = rest ? `${rest.replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${lastThree}` : lastThree;
  const showDecimals = options.decimals ?? true;
  const text = `${options.symbol === false ? "" : "₹"}${grouped}${showDecimals ? `.${fraction}` : ""}`;
  return negative ? `-${text}` : text;
}

/** "12.50" for 1250 bps. */
export function formatPercentFromBps(bps: number): string {
  const sign = bps < 0 ? "-" : "";
  const abs = Math.abs(bps);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Parses "1234.56" (rupees, at most 2 decimals) into paise; refuses anything else. */
export function parseRupees(text: string): bigint {
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not an amount in rupees: ${text}`);
  const paise = BigInt(match[2]!) * 100n + BigInt((match[3] ?? "").padEnd(2, "0") || "0");
  return match[1] ? -paise : paise;
}
