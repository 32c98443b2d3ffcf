import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LoanTermsInput, parseLoanTerms } from "../contracts";
import { addMonths, addWorkingDays, days360, wholeMonthsBetween } from "./dates";
import { allocateEvenly, dec, formatRupees, parseRupees, roundToMultiple } from "./money";
import { dueDates, generateSchedule } from "./schedule";

const monthly = (overrides: Partial<LoanTermsInput> = {}) =>
  parseLoanTerms({
    principalPaise: 3_000_000n,
    tenor: 6,
    frequency: { unit: "MONTH", every: 1 },
    annualRateBps: 1_600,
    interestMethod: "REDUCING_BALANCE",
    disbursalDate: "2026-01-10",
    ...overrides,
  });

describe("dates", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2026-01-31", 2, "2026-03-31"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-03-31", -1, "2026-02-28"],
  ])("addMonths(%s, %i) = %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it("steps monthly due dates from one anchor, so a short February does not drag later months", () => {
    const dates = dueDates(monthly({ disbursalDate: "2025-12-31", tenor: 4 }));
    expect(dates).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
  });

  it("counts whole months and 30/360 days", () => {
    expect(wholeMonthsBetween("2026-01-10", "2026-03-09")).toBe(1);
    expect(wholeMonthsBetween("2026-01-10", "2026-03-10")).toBe(2);
    expect(days360("2026-01-31", "2026-02-28")).toBe(28);
    expect(days360("2026-02-01", "2026-03-01")).toBe(30);
  });

  it("adds working days over a weekend and holidays", () => {
    // Friday 2026-01-09 + 3 working days = Wednesday 14th; with 13th a holiday, Thursday 15th.
    expect(addWorkingDays("2026-01-09", 3)).toBe("2026-01-14");
    expect(addWorkingDays("2026-01-09", 3, new Set(["2026-01-13"]))).toBe("2026-01-15");
  });
});

describe("money", () => {
  it.each([
    ["123456.5", 100n, "HALF_UP", 123_500n],
    ["123450", 100n, "HALF_EVEN", 123_400n],
    ["123550", 100n, "HALF_EVEN", 123_600n],
    ["123456.5", 1n, "HALF_EVEN", 123_456n],
    ["123457.5", 1n, "HALF_EVEN", 123_458n],
    ["123401", 100n, "UP", 123_500n],
    ["123499", 100n, "DOWN", 123_400n],
  ] as const)("rounds %s paise to a multiple of %s with %s", (value, multiple, mode, expected) => {
    expect(roundToMultiple(dec(value), multiple, mode)).toBe(expected);
  });

  it("formats with Indian digit grouping and parses rupees exactly", () => {
    expect(formatRupees(12_345_678_90n)).toBe("₹1,23,45,678.90");
    expect(formatRupees(-5n)).toBe("-₹0.05");
    expect(parseRupees("1234.5")).toBe(123_450n);
    expect(() => parseRupees("12.345")).toThrow();
  });

  it("allocates a remainder deterministically", () => {
    expect(allocateEvenly(10n, 3)).toEqual([4n, 3n, 3n]);
  });
});

describe("schedule engine", () => {
  it("reducing balance: EMI rounded to the rupee, interest to the paisa, the last row takes the rest", () => {
    const schedule = generateSchedule(monthly());
    // PMT(16 %/12, 6, 30,000) = 5,235.9085 → ₹5,236 (half-up to whole rupees). Expected rows computed
    // independently (Python decimal).
    expect(schedule.instalmentPaise).toBe(523_600n);
    expect(schedule.rows.map((row) => row.interestPaise)).toEqual([
      40_000n,
      33_552n,
      27_018n,
      20_397n,
      13_688n,
      6_889n,
    ]);
    expect(schedule.rows.slice(0, 5).every((row) => row.totalPaise === 523_600n)).toBe(true);
    expect(schedule.rows[5]!.principalPaise).toBe(516_655n);
    expect(schedule.rows[5]!.totalPaise).toBe(523_544n);
    expect(schedule.rows.at(-1)!.balancePaise).toBe(0n);
  });

  it("rounding is a product setting: EMI up to the rupee (Frappe's default) changes only the last row", () => {
    const up = generateSchedule(
      monthly({ rounding: { instalmentMultiplePaise: 100n, instalmentMode: "UP" } }),
    );
    const paise = generateSchedule(monthly({ rounding: { instalmentMultiplePaise: 1n } }));
    expect(up.instalmentPaise).toBe(523_600n);
    expect(paise.instalmentPaise).toBe(523_591n);
    expect(paise.rows.at(-1)!.totalPaise).toBe(523_589n);
    expect(up.rows.slice(0, 5).map((row) => row.interestPaise)).toEqual(
      paise.rows.slice(0, 5).map((row) => row.interestPaise),
    );
  });

  it("a longer first period adds its extra days' interest on top of the first EMI", () => {
    const schedule = generateSchedule(monthly({ firstDueDate: "2026-02-25" }));
    // 15 extra days (10 Jan → 25 Jan) at 16 % on ₹30,000 over 365 days = ₹197.26.
    expect(schedule.brokenPeriodInterestPaise).toBe(19_726n);
    expect(schedule.rows[0]!.totalPaise).toBe(523_600n + 19_726n);
    expect(schedule.rows[0]!.days).toBe(46);
    expect(schedule.rows[1]!.dueDate).toBe("2026-03-25");
  });

  it("a shorter first period charges interest for its days only", () => {
    const schedule = generateSchedule(monthly({ firstDueDate: "2026-02-01" }));
    // 22 days at 16 % on ₹30,000 over 365 days = ₹289.32.
    expect(schedule.rows[0]!.interestPaise).toBe(28_932n);
    expect(schedule.brokenPeriodInterestPaise).toBe(0n);
    expect(schedule.rows[0]!.principalPaise).toBe(523_600n - 28_932n);
  });

  it("day-based frequency with daily interest on a 365-day year", () => {
    const schedule = generateSchedule(
      monthly({
        frequency: { unit: "DAY", every: 14 },
        tenor: 4,
        interestAccrual: "DAILY",
        rounding: { instalmentMultiplePaise: 1n },
      }),
    );
    expect(schedule.rows.map((row) => row.dueDate)).toEqual([
      "2026-01-24",
      "2026-02-07",
      "2026-02-21",
      "2026-03-07",
    ]);
    // 30,000 × 16 % × 14/365 = ₹184.11
    expect(schedule.rows[0]!.interestPaise).toBe(18_411n);
  });

  it("fees collected with the first instalment appear in its fees column and the total", () => {
    const schedule = generateSchedule(
      monthly({
        charges: [
          {
            code: "processing",
            name: "Processing fee",
            kind: "FEE",
            amountPaise: 49_900n,
            receiver: { type: "LENDER", name: "Lender" },
            collection: "WITH_FIRST_INSTALMENT",
          },
        ],
      }),
    );
    expect(schedule.rows[0]!.feesPaise).toBe(49_900n);
    expect(schedule.rows[0]!.totalPaise).toBe(523_600n + 49_900n);
    expect(schedule.totals.feesPaise).toBe(49_900n);
  });

  it("invariants hold for any terms: principal repaid exactly, balances never negative, dates increasing", () => {
    fc.assert(
      fc.property(
        fc.record({
          principal: fc.bigInt({ min: 100_00n, max: 50_00_000_00n }),
          tenor: fc.integer({ min: 1, max: 60 }),
          rate: fc.integer({ min: 0, max: 4_800 }),
          flat: fc.boolean(),
          days: fc.boolean(),
          every: fc.integer({ min: 1, max: 3 }),
          brokenDays: fc.integer({ min: -10, max: 25 }),
          multiple: fc.constantFrom(1n, 100n, 1_000n),
          mode: fc.constantFrom("HALF_UP", "HALF_EVEN", "UP", "DOWN"),
          downPaymentBps: fc.constantFrom(0, 1_000, 2_500),
        }),
        (input) => {
          const disbursalDate = "2026-05-31";
          const unit = input.days ? "DAY" : "MONTH";
          const regular = unit === "DAY" ? 15 * input.every : 0;
          const firstDueDate =
            input.brokenDays === 0
              ? undefined
              : unit === "MONTH"
                ? addDaysSafe(addMonths(disbursalDate, input.every), input.brokenDays)
                : addDaysSafe(disbursalDate, Math.max(1, regular + input.brokenDays));
          const terms = parseLoanTerms({
            principalPaise: input.principal,
            tenor: input.tenor,
            frequency: { unit, every: unit === "DAY" ? 15 * input.every : input.every },
            annualRateBps: input.rate,
            interestMethod: input.flat ? "FLAT" : "REDUCING_BALANCE",
            disbursalDate,
            firstDueDate,
            downPaymentBps: input.downPaymentBps,
            rounding: { instalmentMultiplePaise: input.multiple, instalmentMode: input.mode },
          });
          const schedule = generateSchedule(terms);
          const principal = schedule.rows.reduce((sum, row) => sum + row.principalPaise, 0n);
          expect(principal).toBe(input.principal);
          expect(schedule.rows.every((row) => row.balancePaise >= 0n && row.principalPaise >= 0n)).toBe(true);
          expect(schedule.rows.every((row) => row.interestPaise >= 0n)).toBe(true);
          for (let index = 1; index < schedule.rows.length; index++) {
            expect(schedule.rows[index]!.dueDate >= schedule.rows[index - 1]!.dueDate).toBe(true);
          }
          expect(schedule.totals.payablePaise).toBe(
            schedule.rows.reduce((sum, row) => sum + row.totalPaise, 0n),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

function addDaysSafe(date: string, days: number): string {
  const result = new Date(`${date}T00:00:00Z`);
  result.setUTCDate(result.getUTCDate() + days);
  const iso = result.toISOString().slice(0, 10);
  return iso <= date ? addMonths(date, 0).replace(/-\d\d$/, "-28") : iso;
}
