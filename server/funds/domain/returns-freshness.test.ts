import { describe, expect, it } from "vitest";
import { businessDaysBetween, istDate, parseAmfiDate } from "./dates";
import { expectedNavDate, navStaleness, publicationDeadline, secondsUntilNextPublication } from "./freshness";
import { type NavPoint, schemeReturn, subtractMonths } from "./returns";

function daily(from: string, to: string, start: number, dailyGrowth: number): NavPoint[] {
  const points: NavPoint[] = [];
  let value = start;
  for (
    let day = new Date(`${from}T00:00:00Z`);
    day.toISOString().slice(0, 10) <= to;
    day.setUTCDate(day.getUTCDate() + 1)
  ) {
    points.push({ navDate: day.toISOString().slice(0, 10), nav: value.toFixed(4) });
    value *= dailyGrowth;
  }
  return points;
}

describe("returns", () => {
  const history: NavPoint[] = [
    { navDate: "2021-08-18", nav: "100" },
    { navDate: "2023-08-18", nav: "121" },
    { navDate: "2025-08-18", nav: "150" },
    { navDate: "2026-02-18", nav: "160" },
    { navDate: "2026-07-17", nav: "170" },
    { navDate: "2026-08-18", nav: "180" },
  ];
  it.each([
    ["1M", "absolute", "5.88"],
    ["6M", "absolute", "12.50"],
    ["1Y", "absolute", "20.00"],
    ["3Y", "cagr", "14.16"],
    ["5Y", "cagr", "12.47"],
  ] as const)("%s is %s %s%%", (period, kind, percent) => {
    expect(schemeReturn(history, period)).toMatchObject({ kind, percent });
  });

  it("says 'not enough history' instead of 0 when the history is shorter than the period", () => {
    const young = daily("2026-02-01", "2026-08-18", 10, 1.0002);
    expect(schemeReturn(young, "1Y")).toEqual({
      kind: "not_enough_history",
      period: "1Y",
      historySince: "2026-02-01",
    });
    expect(schemeReturn(young, "6M").kind).toBe("absolute");
    expect(schemeReturn([], "1M")).toEqual({ kind: "not_enough_history", period: "1M", historySince: null });
  });

  it("uses the last NAV before a holiday start date", () => {
    const gap: NavPoint[] = [
      { navDate: "2026-07-16", nav: "100" },
      { navDate: "2026-08-18", nav: "110" },
    ];
    expect(schemeReturn(gap, "1M")).toMatchObject({
      kind: "absolute",
      percent: "10.00",
      from: { navDate: "2026-07-16" },
    });
  });

  it.each([
    ["2026-03-31", 1, "2026-02-28"],
    ["2024-03-31", 1, "2024-02-29"],
    ["2026-01-15", 1, "2025-12-15"],
    ["2026-08-18", 60, "2021-08-18"],
  ])("subtractMonths(%s, %i) = %s", (iso, months, expected) =>
    expect(subtractMonths(iso, months)).toBe(expected),
  );
});

describe("freshness by SEBI deadline", () => {
  const holidays = new Set(["2026-08-15", "2026-08-27"]);
  const at = (iso: string) => new Date(iso);

  it.each([
    // Tuesday 18 Aug 2026, 22:59 IST: the standard deadline for T has not passed; Monday 17 is expected.
    ["standard", "2026-08-18T17:29:00Z", "2026-08-17"],
    ["standard", "2026-08-18T17:31:00Z", "2026-08-18"],
    // Commodity: 9 am T+1. At 08:59 IST on Wed 19 Aug only Monday's is due.
    ["commodity", "2026-08-19T03:29:00Z", "2026-08-17"],
    ["commodity", "2026-08-19T03:31:00Z", "2026-08-18"],
    ["fof_overseas", "2026-08-19T04:29:00Z", "2026-08-17"],
    ["fof_overseas", "2026-08-19T04:31:00Z", "2026-08-18"],
    // Monday 17 Aug at noon: Friday 14th is the last business day (the 15th is a Saturday and a holiday).
    ["standard", "2026-08-17T06:30:00Z", "2026-08-14"],
    // Friday 28 Aug at 10:00 IST, 27th a holiday: FoF expects Wednesday 26th.
    ["fof_overseas", "2026-08-28T04:31:00Z", "2026-08-26"],
  ] as const)("%s at %s expects %s", (schemeClass, now, expected) => {
    expect(expectedNavDate(schemeClass, at(now), holidays)).toBe(expected);
  });

  it("counts the lag in business days, skipping weekends and holidays", () => {
    expect(navStaleness("standard", "2026-08-18", at("2026-08-19T12:00:00Z"), holidays)).toEqual({
      expectedNavDate: "2026-08-18",
      lagBusinessDays: 0,
      stale: false,
    });
    // Friday 21's NAV seen on Tuesday 25 after 11 pm IST: Mon 24 and Tue 25 are missing.
    expect(navStaleness("standard", "2026-08-21", at("2026-08-25T18:00:00Z"), holidays)).toMatchObject({
      lagBusinessDays: 2,
      stale: true,
    });
    expect(businessDaysBetween("2026-08-26", "2026-08-28", holidays)).toBe(1);
  });

  it("sets the cache TTL to the next publication deadline, at least the poll interval", () => {
    // Standard NAV of Tue 18; next due Wed 19 23:00 IST = 17:30Z. From Wed 12:00Z that is 5.5 h.
    expect(secondsUntilNextPublication("standard", "2026-08-18", at("2026-08-19T12:00:00Z"), holidays)).toBe(
      19_800,
    );
    // Friday's NAV: the next is Monday's (weekend skipped).
    expect(publicationDeadline("standard", "2026-08-24").toISOString()).toBe("2026-08-24T17:30:00.000Z");
    expect(secondsUntilNextPublication("standard", "2026-08-10", at("2026-08-19T12:00:00Z"), holidays)).toBe(
      900,
    );
  });

  it("parses AMFI dates and IST calendar days", () => {
    expect(parseAmfiDate("02-Oct-2008")).toBe("2008-10-02");
    expect(parseAmfiDate("29-Feb-2025")).toBeNull();
    expect(istDate(at("2026-08-18T19:00:00Z"))).toBe("2026-08-19");
  });
});
