/** Display helpers for the loan screens (money stays bigint paise until here; never a float). */
import { formatIsoDate } from "@/server/loans/domain/dates";
import { formatRupees, parseRupees } from "@/server/loans/domain/money";

export function rupees(paise: bigint | null | undefined): string {
  return paise === null || paise === undefined ? "—" : formatRupees(paise);
}

export function day(iso: string | null | undefined): string {
  return iso ? formatIsoDate(iso) : "—";
}

/** "12,500.50" → 1250050n, or null when it is not an amount. */
export function parseAmount(text: string): bigint | null {
  try {
    const value = parseRupees(text.replace(/[₹,\s]/g, ""));
    return value > 0n ? value : null;
  } catch {
    return null;
  }
}

export const STATUS_TONE = {
  PAID: "success",
  PART_PAID: "info",
  DUE: "warning",
  OVERDUE: "danger",
  UPCOMING: "neutral",
} as const;

export const STATUS_LABEL = {
  PAID: "Paid",
  PART_PAID: "Part paid",
  DUE: "Due today",
  OVERDUE: "Overdue",
  UPCOMING: "Upcoming",
} as const;

export const LOAN_STATUS_TONE = { ACTIVE: "primary", CLOSED: "success", CANCELLED: "neutral" } as const;

export const BUCKET_TONE = {
  CURRENT: "success",
  "SMA-0": "warning",
  "SMA-1": "warning",
  "SMA-2": "danger",
  NPA: "danger",
} as const;
