import { describe, expect, it } from "vitest";
import { formatNav, formatNavDate, formatPaise } from "./format";

describe("fund display formats (exact strings and paise, no floats)", () => {
  it.each([
    ["107.136", "₹107.1360"],
    ["10", "₹10.0000"],
    ["1680494.0463", "₹16,80,494.0463"],
    ["0.00000001", "₹0.00000001"],
    [null, "—"],
  ])("formatNav(%s) = %s", (nav, expected) => expect(formatNav(nav)).toBe(expected));

  it.each([
    [100_000n, "₹1,000"],
    [123_456_789n, "₹12,34,567.89"],
    [5n, "₹0.05"],
    [null, "—"],
  ])("formatPaise(%s) = %s", (paise, expected) => expect(formatPaise(paise)).toBe(expected));

  it("formats NAV dates without time-zone drift", () => {
    expect(formatNavDate("2026-08-18")).toBe("18 Aug 2026");
    expect(formatNavDate(null)).toBe("—");
  });
});
