import { describe, expect, it } from "vitest";
import type { AmfiRawRow } from "./amfi-parser";
import { checkIsin, isinCheckDigit } from "./isin";
import { jumpBps, parseNav } from "./nav";
import { deriveOption, derivePlan, deriveSchemeClass } from "./scheme-facts";
import { checkJump, validateRow, validateRows } from "./validate";

const settings = { today: "2026-08-18", futureWindowDays: 1, jumpThresholdBps: 2_000 };
const row = (overrides: Partial<AmfiRawRow> = {}): AmfiRawRow => ({
  line: 7,
  schemeCode: "119551",
  isinGrowth: "INF209KA12Z1",
  isinReinvest: null,
  schemeName: "ABSL Banking & PSU Debt Fund - DIRECT - IDCW",
  plan: null,
  option: null,
  nav: "107.1360",
  date: "18-Aug-2026",
  category: "Debt Scheme - Banking and PSU Fund",
  structure: "Open Ended",
  amc: "Aditya Birla Sun Life Mutual Fund",
  ...overrides,
});

describe("parseNav: exact decimals only", () => {
  it.each([
    ["107.1360", { ok: true, nav: "107.136" }],
    ["10.", { ok: true, nav: "10" }],
    ["1680494.0463", { ok: true, nav: "1680494.0463" }],
    ["0.00000001", { ok: true, nav: "0.00000001" }],
    ["N.A.", { ok: false, reason: "nav_not_available" }],
    ["NA", { ok: false, reason: "nav_not_available" }],
    ["", { ok: false, reason: "nav_not_available" }],
    ["-", { ok: false, reason: "nav_not_available" }],
    ["0.0000", { ok: false, reason: "nav_zero" }],
    ["0", { ok: false, reason: "nav_zero" }],
    ["-5.2", { ok: false, reason: "nav_not_a_number" }],
    ["1e3", { ok: false, reason: "nav_not_a_number" }],
    ["12,345.10", { ok: false, reason: "nav_not_a_number" }],
    ["1.123456789", { ok: false, reason: "nav_too_precise" }],
  ])("%j", (text, expected) => {
    expect(parseNav(text)).toEqual(expected);
  });

  it("measures a jump in basis points exactly", () => {
    expect(jumpBps("100", "120")).toBe(2_000);
    expect(jumpBps("100", "120.0001")).toBe(2_001);
    expect(jumpBps("100", "80")).toBe(2_000);
  });
});

describe("ISIN", () => {
  it.each([
    ["INF209KA12Z1", true],
    ["INF846K01CU0", true],
    ["US0378331005", true],
    ["INF209KA12Z2", false],
    ["Redeemed", false],
    ["HDFCNIVODG", false],
    [" INF178L01BT0 ", true],
  ])("%s valid=%s", (isin, valid) => {
    expect(checkIsin(isin).ok).toBe(valid);
  });
  it("computes the Apple ISIN's check digit", () => expect(isinCheckDigit("US037833100")).toBe(5));
});

describe("validateRow", () => {
  it.each([
    [{ nav: "N.A." }, "nav_not_available"],
    [{ nav: "0.0000" }, "nav_zero"],
    [{ nav: "abc" }, "nav_not_a_number"],
    [{ date: "31-Feb-2026" }, "date_invalid"],
    [{ date: "2026-08-18" }, "date_invalid"],
    [{ date: "20-Aug-2026" }, "date_in_future"],
    [{ schemeCode: "HDFC1" }, "scheme_code_invalid"],
    [{ schemeName: "" }, "scheme_name_missing"],
    [{ fieldCountError: "expected 6 fields, found 5" }, "field_count"],
  ] as const)("%j → quarantined %s", (overrides, reason) => {
    const outcome = validateRow(row(overrides), settings);
    expect(outcome).toMatchObject({ kind: "quarantined", reason, line: 7 });
  });

  it("accepts tomorrow's date inside the publishing window and years-old dates as they are", () => {
    expect(validateRow(row({ date: "19-Aug-2026" }), settings)).toMatchObject({
      kind: "accepted",
      nav: { navDate: "2026-08-19" },
    });
    expect(validateRow(row({ date: "14-Jun-2017" }), settings)).toMatchObject({
      kind: "accepted",
      nav: { navDate: "2017-06-14" },
    });
  });

  it("ignores a malformed ISIN with a warning, keeping the NAV", () => {
    expect(validateRow(row({ isinReinvest: "Redeemed" }), settings)).toMatchObject({
      kind: "accepted",
      warnings: ["isin_invalid"],
      nav: { isinGrowth: "INF209KA12Z1", isinReinvest: null },
    });
  });

  it("holds a jump beyond the threshold for review and passes one within it", () => {
    const accepted = validateRow(row({ nav: "130" }), settings);
    expect(checkJump(accepted, { nav: "100", navDate: "2026-08-17" }, 2_000)).toMatchObject({
      kind: "held",
      jumpBps: 3_000,
    });
    expect(checkJump(accepted, { nav: "110", navDate: "2026-08-17" }, 2_000).kind).toBe("accepted");
    // A previous NAV on the same or a later date is not "previous": that is a revision or an old file.
    expect(checkJump(accepted, { nav: "100", navDate: "2026-08-18" }, 2_000).kind).toBe("accepted");
  });

  it("quarantines a second row for the same scheme code in one file", () => {
    const summary = validateRows([row(), row({ line: 9 })], settings);
    expect(summary.quarantineReasons).toEqual({ duplicate_in_file: 1 });
  });
});

describe("scheme facts", () => {
  it.each([
    ["Axis Liquid Fund - Direct Plan - Growth Option", null, null, "direct", "growth"],
    ["Axis Liquid Fund - Regular Plan - Daily IDCW", null, null, "regular", "idcw"],
    ["HDFC Top 100 - Dividend Reinvestment", null, null, "regular", "idcw"],
    ["Bandhan Banking and PSU Fund", "Direct Plan", "Annual IDCW", "direct", "idcw"],
    ["Bandhan Banking and PSU Fund", "Regular Plan", "GROWTH", "regular", "growth"],
  ])("%s / %s / %s", (name, plan, option, expectedPlan, expectedOption) => {
    expect(derivePlan(name, plan)).toBe(expectedPlan);
    expect(deriveOption(name, option)).toBe(expectedOption);
  });

  it.each([
    ["Nippon India ETF Gold BeES", "Other Scheme - Gold ETF", "commodity"],
    ["ICICI Prudential Silver ETF", "ETFs) - Silver ETF", "commodity"],
    ["Motilal Oswal Nasdaq 100 FOF - Direct", "Other Scheme - FoF Overseas", "fof_overseas"],
    ["SBI Gold Fund - Direct", "Other Scheme - FoF Domestic", "fof_overseas"],
    ["HDFC Flexi Cap Fund - Growth", "Equity Scheme - Flexi Cap Fund", "standard"],
  ])("%s is %s", (name, category, expected) => {
    expect(deriveSchemeClass(name, category)).toBe(expected);
  });
});
