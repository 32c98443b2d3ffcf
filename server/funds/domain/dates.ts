/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), India time (IST is UTC+05:30 all year, no DST), business
 * days from a holiday list passed in. Pure: "now" is always a parameter.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export const IST_OFFSET_MS = 330 * 60_000;

/** `18-Aug-2026` → `2026-08-18`; null when it is not a real calendar date. */
export function parseAmfiDate(text: string): string | null {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const month = MONTHS[match[2]!.toLowerCase()];
  if (!month) return null;
  return isoDate(Number(match[3]), month, Number(match[1]));
}

/** `2026-08-18` (also accepts `18-08-2026`) → ISO, validated. */
export function parseIsoDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text.trim());
  if (dmy) return isoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  return null;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date in India at an instant. */
export function istDate(instant: Date): string {
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of `hh:mm` IST on an ISO date. */
export function istInstant(iso: string, hour: number, minute = 0): Date {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + (hour * 60 + minute) * 60_000 - IST_OFFSET_MS);
}

export function isBusinessDay(iso: string, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(iso);
}

export function previousBusinessDay(iso: string, holidays: ReadonlySet<string>): string {
  let day = addDays(iso, -1);
  while (!isBusinessDay(day, holidays)) day = addDays(day, -1);
  return day;
}

export function nextBusinessDay(iso: string, holidays: ReadonlySet<string>): string {
  let day = addDays(iso, 1);
  while (!isBusinessDay(day, holidays)) day = addDays(day, 1);
  return day;
}

/** Business days after `from` up to and including `to` (0 when `to` <= `from`). */
export function businessDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  if (to <= from) return 0;
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isBusinessDay(day, holidays)) count++;
  }
  return count;
}
