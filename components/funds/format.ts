/** Display helpers for NAVs and money (display only: values stay exact strings / bigint paise until here). */
import { formatRupees } from "@/server/loans/domain/money";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatNavDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const [year, month, day] = iso.split("-");
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** "1234.5" → "₹1,234.5000" with at least 4 decimals, as AMFI publishes; never through a float. */
export function formatNav(nav: string | null | undefined): string {
  if (!nav) return "—";
  const [whole = "0", fraction = ""] = nav.split(".");
  return `₹${indianGrouping(whole)}.${fraction.padEnd(4, "0")}`;
}

function indianGrouping(whole: string): string {
  if (whole.length <= 3) return whole;
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",");
  return `${rest},${last3}`;
}

export function formatPaise(paise: bigint | string | number | null | undefined): string {
  if (paise === null || paise === undefined) return "—";
  const value = BigInt(paise);
  return formatRupees(value, { decimals: value % 100n !== 0n });
}

export const PLAN_LABEL: Record<string, string> = { direct: "Direct", regular: "Regular" };
export const OPTION_LABEL: Record<string, string> = { growth: "Growth", idcw: "IDCW" };
export const CLASS_LABEL: Record<string, string> = {
  standard: "Standard (11 pm T)",
  commodity: "Commodity (9 am T+1)",
  fof_overseas: "FoF / overseas (10 am T+1)",
};
