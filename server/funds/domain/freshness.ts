/**
 * NAV freshness by SEBI deadline. A scheme's NAV for business day T is due by 11 pm IST on T (standard),
 * 9 am IST on T+1 (commodity) or 10 am IST on T+1 (fund of funds / overseas). A NAV is stale when the
 * latest business day whose deadline has passed is after the NAV's date; the lag is counted in business
 * days. "Seconds since the NAV" is never the measure: NAVs are daily values.
 */
import {
  addDays,
  businessDaysBetween,
  isBusinessDay,
  istDate,
  istInstant,
  previousBusinessDay,
} from "./dates";
import type { SchemeClass } from "./scheme-facts";

export const DEADLINES: Record<
  SchemeClass,
  { dayOffset: number; hour: number; minute: number; label: string }
> = {
  standard: { dayOffset: 0, hour: 23, minute: 0, label: "11 pm on T" },
  commodity: { dayOffset: 1, hour: 9, minute: 0, label: "9 am on T+1" },
  fof_overseas: { dayOffset: 1, hour: 10, minute: 0, label: "10 am on T+1" },
};

/** The instant by which the NAV of business day `navDate` must be published. */
export function publicationDeadline(schemeClass: SchemeClass, navDate: string): Date {
  const rule = DEADLINES[schemeClass];
  return istInstant(addDays(navDate, rule.dayOffset), rule.hour, rule.minute);
}

/** The latest business day whose NAV must already be out at `now`. */
export function expectedNavDate(schemeClass: SchemeClass, now: Date, holidays: ReadonlySet<string>): string {
  let day = istDate(now);
  if (!isBusinessDay(day, holidays)) day = previousBusinessDay(day, holidays);
  while (publicationDeadline(schemeClass, day).getTime() > now.getTime())
    day = previousBusinessDay(day, holidays);
  return day;
}

export interface Staleness {
  expectedNavDate: string;
  lagBusinessDays: number;
  stale: boolean;
}

export function navStaleness(
  schemeClass: SchemeClass,
  navDate: string,
  now: Date,
  holidays: ReadonlySet<string>,
): Staleness {
  const expected = expectedNavDate(schemeClass, now, holidays);
  const lag = businessDaysBetween(navDate, expected, holidays);
  return { expectedNavDate: expected, lagBusinessDays: lag, stale: lag > 0 };
}

/**
 * When the next NAV after `navDate` is due: the deadline of the next business day after it. Used as the
 * cache TTL, never less than `minSeconds` (an overdue NAV is re-read at the poll interval).
 */
export function secondsUntilNextPublication(
  schemeClass: SchemeClass,
  navDate: string,
  now: Date,
  holidays: ReadonlySet<string>,
  minSeconds = 900,
  maxSeconds = 4 * 86_400,
): number {
  let next = addDays(navDate, 1);
  while (!isBusinessDay(next, holidays)) next = addDays(next, 1);
  const seconds = Math.ceil((publicationDeadline(schemeClass, next).getTime() - now.getTime()) / 1000);
  return Math.min(maxSeconds, Math.max(minSeconds, seconds));
}

/** Is `now` inside a publishing window (when polling is frequent and fetch age alerts)? 6 pm–11:30 pm and 7–11 am IST. */
export function inPublishingWindow(now: Date): boolean {
  const ist = new Date(now.getTime() + 330 * 60_000);
  const minutes = ist.getUTCHours() * 60 + ist.getUTCMinutes();
  return (minutes >= 18 * 60 && minutes <= 23 * 60 + 30) || (minutes >= 7 * 60 && minutes <= 11 * 60);
}

/** Poll interval: every 15 minutes in a window, hourly outside. */
export function pollIntervalMs(now: Date): number {
  return inPublishingWindow(now) ? 15 * 60_000 : 60 * 60_000;
}
