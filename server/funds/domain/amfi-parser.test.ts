import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AmfiFileError, parseAmfiFile, parseCategoryLine, repairText } from "./amfi-parser";
import { validateRows } from "./validate";

const DATA = path.resolve(import.meta.dirname, "../../../../shared/data/amfi");
const HEADER6 =
  "Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Net Asset Value;Date";
const HEADER8 =
  "Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Plan;Option;Net Asset Value;Date";

function refusal(text: string): AmfiFileError {
  try {
    parseAmfiFile(text);
  } catch (error) {
    if (error instanceof AmfiFileError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseAmfiFile: layouts by header name", () => {
  const block = (rows: string[], eol = "\r\n") =>
    [
      " ",
      "Open Ended Schemes(Debt Scheme - Liquid Fund)",
      " ",
      "Axis Mutual Fund",
      " ",
      ...rows,
      " ",
      "",
    ].join(eol);

  it.each([
    [
      "6-field CRLF",
      `${HEADER6}\r\n${block(["120437;-;INF846K01CU0;Axis Liquid - Direct - Daily IDCW;1037.9611;18-Aug-2026"])}`,
      "6-field",
    ],
    [
      "6-field LF",
      `${HEADER6}\n${block(["120437;-;INF846K01CU0;Axis Liquid - Direct - Daily IDCW;1037.9611;18-Aug-2026"], "\n")}`,
      "6-field",
    ],
    [
      "6-field lone CR",
      `${HEADER6}\r${block(["120437;-;INF846K01CU0;Axis Liquid - Direct - Daily IDCW;1037.9611;18-Aug-2026"], "\r")}`,
      "6-field",
    ],
    [
      "8-field",
      `${HEADER8}\r\n${block(["120437;-;INF846K01CU0;Axis Liquid;Direct Plan;Daily IDCW;1037.9611;18-Aug-2026"])}`,
      "8-field",
    ],
  ])("%s", (_label, text, layout) => {
    const parsed = parseAmfiFile(text);
    expect(parsed.layout).toBe(layout);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({
      schemeCode: "120437",
      isinGrowth: null,
      isinReinvest: "INF846K01CU0",
      nav: "1037.9611",
      date: "18-Aug-2026",
      category: "Debt Scheme - Liquid Fund",
      structure: "Open Ended",
      amc: "Axis Mutual Fund",
    });
  });

  it("reads a reordered header by name", () => {
    const text = `Date;Net Asset Value;Scheme Name;Scheme Code\n18-Aug-2026;12.5;Some Fund - Growth;999\n`;
    const parsed = parseAmfiFile(text);
    expect(parsed.layout).toMatch(/^4-field \(reordered/);
    expect(parsed.rows[0]).toMatchObject({
      schemeCode: "999",
      nav: "12.5",
      date: "18-Aug-2026",
      schemeName: "Some Fund - Growth",
    });
  });

  it("keeps a stray \\r inside a line from leaking into a field", () => {
    const parsed = parseAmfiFile(
      `${HEADER6}\r\n1;-;-;A Fund;10.5;18-Aug-2026\r\r\n2;-;-;B Fund;11;18-Aug-2026\r\n`,
    );
    expect(parsed.rows.map((r) => r.date)).toEqual(["18-Aug-2026", "18-Aug-2026"]);
  });

  it("marks a short row inside the file (validation quarantines it) but refuses a short LAST row as truncation", () => {
    const parsed = parseAmfiFile(`${HEADER6}\n1;-;-;A Fund;10.5\n2;-;-;B Fund;11;18-Aug-2026\n`);
    expect(parsed.rows[0]!.fieldCountError).toMatch(/expected 6 fields, found 5/);
    expect(refusal(`${HEADER6}\n1;-;-;A Fund;10.5;18-Aug-2026\n2;-;-;B Fu`).code).toBe("TRUNCATED");
    expect(refusal(`${HEADER6}\n1;-;-;A Fund;10.5;18-Aug-2026\n2;-;-;B Fund;11;18-Aug-2026`).code).toBe(
      "TRUNCATED",
    );
  });

  it.each([
    ["empty body", "", "EMPTY"],
    ["whitespace only", " \r\n \r\n", "EMPTY"],
    ["HTML error page", "<!DOCTYPE html><html><body>503 Service Unavailable</body></html>", "HTML"],
    ["HTML after a BOM and blank", "\uFEFF\n  <html><head><title>Error</title></head></html>", "HTML"],
    ["unknown column", "Scheme Code;Scheme Name;NAV Value;Date\n1;A;10;18-Aug-2026\n", "UNKNOWN_HEADER"],
    ["no header at all", "119551;INF209KA12Z1;INF209KA13Z9;Fund;107.1360;18-Aug-2026\n", "UNKNOWN_HEADER"],
    ["missing NAV column", "Scheme Code;Scheme Name;Date\n1;A;18-Aug-2026\n", "UNKNOWN_HEADER"],
    ["header only", `${HEADER6}\r\n \r\n`, "NO_ROWS"],
    ["cut mid-row", `${HEADER6}\r\n \r\nAxis Mutual Fund\r\n120437;-;INF846K01CU0;Axis Li`, "TRUNCATED"],
  ])("refuses %s", (_label, text, code) => {
    const error = refusal(text);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it("parses category lines and repairs the double-encoded apostrophe", () => {
    expect(parseCategoryLine("Open Ended Schemes(Solution Oriented Scheme - Childrenâ€™s Fund)")).toEqual({
      structure: "Open Ended",
      category: "Solution Oriented Scheme - Children's Fund",
    });
    expect(parseCategoryLine("Close Ended Schemes(Income)")).toEqual({
      structure: "Close Ended",
      category: "Income",
    });
    expect(parseCategoryLine("Aditya Birla Sun Life Mutual Fund")).toBeNull();
    expect(repairText("Children’s  Fund ")).toBe("Children's Fund");
  });
});

describe("the real AMFI files in shared/data", () => {
  it("6-field file of 18 Aug 2026: 14,280 rows; 14,037 accepted, 243 quarantined (NAV 0), 10 ISIN warnings", () => {
    const parsed = parseAmfiFile(readFileSync(path.join(DATA, "NAVAll_6field_2026-08-18.txt")));
    expect(parsed.layout).toBe("6-field");
    expect(parsed.rows).toHaveLength(14_280);
    expect(parsed.categories).toBe(93);
    expect(parsed.rows.every((row) => row.category)).toBe(true);
    // One block ("Open Ended Schemes(Growth)", 12 ICICI rows) has no AMC line: those rows say so (null)
    // rather than inheriting the previous block's fund house.
    expect(parsed.rows.filter((row) => !row.amc).map((row) => row.line)[0]).toBe(7703);
    expect(parsed.rows.filter((row) => !row.amc)).toHaveLength(12);
    const summary = validateRows(parsed.rows, {
      today: "2026-08-18",
      futureWindowDays: 1,
      jumpThresholdBps: 2_000,
    });
    expect(summary.accepted).toBe(14_037);
    expect(summary.held).toBe(0);
    expect(summary.quarantined).toBe(243);
    expect(summary.quarantineReasons).toEqual({ nav_zero: 243 });
    // "Redeemed" (9) and "HDFCNIVODG" (1) in an ISIN column: the row is kept, the ISIN ignored.
    expect(summary.warnings).toEqual({ isin_invalid: 10 });
    const byCode = new Map(
      summary.outcomes.flatMap((o) => (o.kind === "accepted" ? [[o.nav.schemeCode, o.nav] as const] : [])),
    );
    // Each row keeps its own NAV date, even years old; "10." is the exact decimal 10.
    expect(byCode.get(128952)).toMatchObject({ navDate: "2017-06-14", nav: "1532.8272", plan: "direct" });
    expect(byCode.get(119551)).toMatchObject({
      nav: "107.136",
      navDate: "2026-08-18",
      isinGrowth: "INF209KA12Z1",
      amc: "Aditya Birla Sun Life Mutual Fund",
      category: "Debt Scheme - Banking and PSU Fund",
      option: "idcw",
    });
    // Viewed as if it had arrived two days early, the same file's latest rows are in the future.
    const early = validateRows(parsed.rows, {
      today: "2026-08-16",
      futureWindowDays: 1,
      jumpThresholdBps: 2_000,
    });
    // 8,241 rows are dated 18 Aug; 108 of those already fail as NAV 0.
    expect(early.quarantineReasons.date_in_future).toBe(8_133);
  });

  it("8-field excerpt of 21 Aug 2026 reads Plan and Option by name", () => {
    const parsed = parseAmfiFile(readFileSync(path.join(DATA, "NAVAll_8field_excerpt_2026-08-21.txt")));
    expect(parsed.layout).toBe("8-field");
    expect(parsed.rows).toHaveLength(25);
    const summary = validateRows(parsed.rows, {
      today: "2026-08-21",
      futureWindowDays: 1,
      jumpThresholdBps: 2_000,
    });
    expect(summary.quarantined).toBe(0);
    const first = summary.outcomes[0]!;
    expect(first.kind === "accepted" && first.nav).toMatchObject({
      schemeCode: 119551,
      schemeName: "Aditya Birla Sun Life Banking & PSU Debt Fund",
      plan: "direct",
      option: "idcw",
      nav: "106.8821",
    });
  });
});
