/**
 * Calendar dates as ISO strings (YYYY-MM-DD) with day numbers underneath. Loan schedules live in
 * calendar dates, not instants: a due date is a date in India, whatever the server's time zone.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parts(date: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match || !isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Days since 1970-01-01. */
export function dayNumber(date: IsoDate): number {
  const [year, month, day] = parts(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromDayNumber(days: number): IsoDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** end - start in days (negative when end is earlier). */
export function daysBetween(start: IsoDate, end: IsoDate): number {
  return dayNumber(end) - dayNumber(start);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function yearOf(date: IsoDate): number {
  return parts(date)[0];
}

/**
 * Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). Callers that step
 * a schedule add k months to one anchor date, so a clamped February does not drag later dates to the 28th.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, "0")}-${String(targetMonth).padStart(2, "0")}-${String(targetDay).padStart(2, "0")}`;
}

/** Whole calendar months from start to end (end's day-of-month reached or passed), e.g. 1 Jan → 31 Jan = 0. */
export function wholeMonthsBetween(start: IsoDate, end: IsoDate): number {
  const [y1, m1] = parts(start);
  const [y2, m2] = parts(end);
  let months = (y2 - y1) * 12 + (m2 - m1);
  while (months > 0 && addMonths(start, months) > end) months--;
  while (addMonths(start, months + 1) <= end) months++;
  return months;
}

/** 30E/360 day count (each month 30 days, 31st treated as 30th). */
export function days360(start: IsoDate, end: IsoDate): number {
  const [y1, m1, d1raw] = parts(start);
  const [y2, m2, d2raw] = parts(end);
  const d1 = Math.min(d1raw, 30);
  const d2 = Math.min(d2raw, 30);
  return (y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1);
}

/** Monday..Friday that is not in `holidays`. */
export function isWorkingDay(date: IsoDate, holidays: ReadonlySet<IsoDate> = new Set()): boolean {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The date `count` working days after `date` (the date itself does not count). */
export function addWorkingDays(
  date: IsoDate,
  count: number,
  holidays: ReadonlySet<IsoDate> = new Set(),
): IsoDate {
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, holidays)) remaining--;
  }
  return current;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "05 Mar 2026": unambiguous for Indian and other readers alike. */
export function formatIsoDate(date: IsoDate): string {
  const [year, month, day] = parts(date);
  return `${String(day).padStart(2, "0")} ${MONTHS[month - 1]} ${year}`;
}

const IST_OFFSET_MS = 330 * 60 * 1000;

/** The calendar date in India (UTC+05:30) at an instant. */
export function istDateOf(at: Date): IsoDate {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}
