import { describe, expect, it } from "vitest";
import { ageAt, bureauBand, deriveFacts, FactsError, istDate } from "./facts";
import { pincodeRisk } from "./pincode-risk";

const base = {
  dateOfBirth: "1994-07-15",
  applicationAt: new Date("2026-11-22T10:00:00Z"),
  bureauScore: 742,
  monthlyIncomePaise: 5_000_050n,
  employmentType: "SALARIED" as const,
  pincode: "560034",
  ticketPaise: 4_999_901n,
  merchantCategory: " electronics ",
};

describe("ageAt (IST calendar date)", () => {
  it.each([
    // [dob, application instant (UTC), expected age]
    ["2005-11-23", "2026-11-22T18:29:59.999Z", 20], // 23:59:59 IST on the 22nd: not yet 21
    ["2005-11-23", "2026-11-22T18:30:00.000Z", 21], // 00:00 IST on the 23rd: 21 in India, still the 22nd in UTC
    ["2005-11-22", "2026-11-21T20:00:00Z", 21], // 01:30 IST on the 22nd
    ["2000-02-29", "2021-02-28T12:00:00Z", 20], // leap-day birthday: not yet on 28 Feb
    ["2000-02-29", "2021-03-01T00:00:00Z", 21], // ...a year older on 1 March
    ["2000-02-29", "2024-02-29T06:00:00Z", 24],
    ["1966-11-22", "2026-11-22T00:00:00Z", 60],
  ])("born %s, applying at %s → %i", (dob, at, expected) => {
    expect(ageAt(dob, new Date(at))).toBe(expected);
  });

  it.each(["1994-02-30", "1994-13-01", "15-07-1994", "", "1994-7-5"])("refuses %s", (dob) => {
    expect(() => ageAt(dob, base.applicationAt)).toThrow(FactsError);
  });

  it("refuses a birth after the application date", () => {
    expect(() => ageAt("2027-01-01", base.applicationAt)).toThrow(/after the application/);
  });

  it("istDate shifts by +05:30", () => {
    expect(istDate(new Date("2026-12-31T18:30:00Z"))).toEqual({ year: 2027, month: 1, day: 1 });
  });
});

describe("bureauBand", () => {
  it.each([
    [null, "NO_HIT"],
    [-1, "NO_HIT"],
    [0, "NO_HIT"],
    [300, "POOR"],
    [649, "POOR"],
    [650, "FAIR"],
    [699, "FAIR"],
    [700, "GOOD"],
    [749, "GOOD"],
    [750, "EXCELLENT"],
    [900, "EXCELLENT"],
  ] as const)("%s → %s", (score, band) => {
    expect(bureauBand(score)).toBe(band);
  });
});

describe("pincodeRisk", () => {
  it("uses the prefix override, then the state, then the default", () => {
    expect(pincodeRisk("560034")).toEqual({ weight: 15, state: "KARNATAKA" });
    expect(pincodeRisk("574104")).toEqual({ weight: 25, state: "KARNATAKA" });
    expect(pincodeRisk("795001")).toEqual({ weight: 80, state: "MANIPUR" });
    expect(pincodeRisk("999999")).toEqual({ weight: 75, state: null });
  });
});

describe("deriveFacts", () => {
  it("derives every fact the rules use", () => {
    expect(deriveFacts(base)).toEqual({
      ageYears: 32,
      bureauScore: 742,
      bureauBand: "GOOD",
      monthlyIncomeRupees: 50_000, // floored
      employmentType: "SALARIED",
      pincode: "560034",
      pincodeState: "KARNATAKA",
      pincodeRiskWeight: 15,
      ticketRupees: 50_000, // rounded up
      merchantCategory: "ELECTRONICS",
    });
  });

  it.each([
    [{ pincode: "056003" }, "pincode"],
    [{ pincode: "56003" }, "pincode"],
    [{ employmentType: "PIRATE" }, "employmentType"],
    [{ bureauScore: 950 }, "bureauScore"],
    [{ bureauScore: 700.5 }, "bureauScore"],
    [{ merchantCategory: "💎" }, "merchantCategory"],
    [{ ticketPaise: 0n }, "ticketPaise"],
    [{ monthlyIncomePaise: -1n }, "monthlyIncomePaise"],
    [{ applicationAt: new Date("nope") }, "applicationAt"],
  ])("refuses %o naming the field", (patch, field) => {
    try {
      deriveFacts({ ...base, ...(patch as object) } as typeof base);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FactsError);
      expect((error as FactsError).field).toBe(field);
    }
  });
});
