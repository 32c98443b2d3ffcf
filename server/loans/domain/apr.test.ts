/**
 * APR worked examples. Expected values were computed independently (Python's decimal module, 50 digits,
 * bisection on the same cash flows: loan amount less upfront charges at t0, each instalment at t = k
 * months), then annualised × 12, as in the RBI KFS illustration (Excel RATE × 12).
 */
import { describe, expect, it } from "vitest";
import { parseLoanTerms } from "../contracts";
import { annualPercentageRate, borrowerCashFlows, coolingOffExitAmount, internalRateOfReturn } from "./apr";
import { RATE } from "./excel";
import { dec } from "./money";
import { quoteLoan } from "./quote";

const base = {
  disbursalDate: "2026-01-05",
  interestMethod: "REDUCING_BALANCE" as const,
  frequency: { unit: "MONTH" as const, every: 1 },
};

const lender = { type: "LENDER" as const, name: "Sandbox Finance Ltd" };

describe("APR worked examples", () => {
  it.each([
    {
      name: "₹1,00,000 at 12 % for 12 months, no charges: the APR is the nominal rate",
      terms: {
        ...base,
        principalPaise: 10_000_000n,
        annualRateBps: 1_200,
        tenor: 12,
        rounding: { instalmentMultiplePaise: 1n },
      },
      emiPaise: 888_488n,
      totalPayablePaise: 10_661_853n,
      exact: "0.11999973636711642880",
      bps: 1_200,
    },
    {
      name: "₹1,00,000 at 12 % for 24 months, ₹2,000 processing fee and ₹500 insurance upfront",
      terms: {
        ...base,
        principalPaise: 10_000_000n,
        annualRateBps: 1_200,
        tenor: 24,
        charges: [
          {
            code: "processing",
            name: "Processing fee",
            kind: "FEE" as const,
            amountPaise: 200_000n,
            taxPaise: 30_508n,
            receiver: lender,
            collection: "UPFRONT" as const,
          },
          {
            code: "insurance",
            name: "Credit life insurance premium",
            kind: "THIRD_PARTY" as const,
            amountPaise: 50_000n,
            receiver: { type: "THIRD_PARTY" as const, name: "Sandbox Life Insurance Co." },
            collection: "UPFRONT" as const,
          },
        ],
      },
      emiPaise: 470_700n,
      totalPayablePaise: 11_297_737n + 250_000n,
      exact: "0.14565354472042780860",
      bps: 1_457,
    },
    {
      name: "flat 12 % for 12 months costs about 21.46 % a year",
      terms: {
        ...base,
        interestMethod: "FLAT" as const,
        principalPaise: 10_000_000n,
        annualRateBps: 1_200,
        tenor: 12,
      },
      emiPaise: 933_300n,
      totalPayablePaise: 11_200_000n,
      exact: "0.21456528322542544508",
      bps: 2_146,
    },
    {
      name: "a 0 % ₹30,000 six-month EMI with a ₹499 fee in the first instalment is not free",
      terms: {
        ...base,
        principalPaise: 3_000_000n,
        annualRateBps: 0,
        tenor: 6,
        charges: [
          {
            code: "processing",
            name: "Processing fee",
            kind: "FEE" as const,
            amountPaise: 49_900n,
            receiver: lender,
            collection: "WITH_FIRST_INSTALMENT" as const,
          },
        ],
      },
      emiPaise: 500_000n,
      totalPayablePaise: 3_049_900n,
      exact: "0.057483144436009515944",
      bps: 575,
    },
  ])("$name", ({ terms, emiPaise, totalPayablePaise, exact, bps }) => {
    const quote = quoteLoan(terms);
    expect(quote.emiPaise).toBe(emiPaise);
    expect(quote.totalPayablePaise).toBe(totalPayablePaise);
    const apr = annualPercentageRate(quote.terms, quote.schedule);
    expect(apr.exact.minus(dec(exact)).abs().lt(dec("1e-15")), apr.exact.toString()).toBe(true);
    expect(quote.aprBps).toBe(bps);
    expect(apr.bps).toBe(bps);
  });

  it("agrees with Excel's RATE × 12 on a level-payment loan", () => {
    const quote = quoteLoan({
      ...base,
      principalPaise: 5_000_000n,
      annualRateBps: 1_600,
      tenor: 9,
      rounding: { instalmentMultiplePaise: 1n },
    });
    // The last instalment differs from the EMI by rounding only; RATE on the EMI is the same to 4 decimals.
    const excel = RATE(9, dec(quote.emiPaise).neg(), dec(5_000_000n)).mul(12);
    expect(excel.minus(dec(quote.aprBps).div(10_000)).abs().lt(dec("0.00005"))).toBe(true);
  });

  it("a day-based loan's APR is its nominal rate annualised on 365 days", () => {
    const quote = quoteLoan({
      principalPaise: 1_000_000n,
      tenor: 8,
      frequency: { unit: "DAY", every: 15 },
      annualRateBps: 2_400,
      interestMethod: "REDUCING_BALANCE",
      disbursalDate: "2026-03-01",
      rounding: { instalmentMultiplePaise: 1n },
    });
    expect(quote.aprBps).toBe(2_400);
  });

  it("a long broken first period raises the cost of the loan", () => {
    const regular = quoteLoan({ ...base, principalPaise: 2_000_000n, annualRateBps: 1_800, tenor: 6 });
    const broken = quoteLoan({
      ...base,
      principalPaise: 2_000_000n,
      annualRateBps: 1_800,
      tenor: 6,
      firstDueDate: "2026-02-20",
    });
    expect(broken.schedule.brokenPeriodInterestPaise).toBeGreaterThan(0n);
    expect(broken.totalInterestPaise).toBeGreaterThan(regular.totalInterestPaise);
    // The APR stays near the nominal 18 %: the extra interest pays for extra days.
    expect(Math.abs(broken.aprBps - 1_800)).toBeLessThan(30);
  });

  it("the cash flows put the credit first and every row after", () => {
    const quote = quoteLoan({
      ...base,
      principalPaise: 1_200_000n,
      annualRateBps: 1_500,
      tenor: 3,
      downPaymentBps: 2_500,
    });
    const flows = borrowerCashFlows(quote.terms, quote.schedule);
    // Down payment nets against the credit on the disbursal date.
    expect(flows[0]!.amountPaise).toBe(1_200_000n - 300_000n);
    expect(flows).toHaveLength(4);
    expect(flows.slice(1).every((flow) => flow.amountPaise < 0n)).toBe(true);
  });

  it("refuses flows that no rate can balance", () => {
    expect(() => internalRateOfReturn([{ date: "2026-01-01", periods: dec(0), amountPaise: 100n }])).toThrow(
      RangeError,
    );
  });
});

describe("cooling-off exit", () => {
  it("charges the APR for the days held and credits upfront charges already paid", () => {
    const exit = coolingOffExitAmount({
      outstandingPrincipalPaise: 3_000_000n,
      aprBps: 1_825,
      daysHeld: 2,
      upfrontChargesPaidPaise: 0n,
    });
    // 30,000 × 18.25 % × 2 / 365 = ₹30.00
    expect(exit.costPaise).toBe(3_000n);
    expect(exit.payablePaise).toBe(3_003_000n);
  });

  it("refunds upfront charges beyond the pro-rata cost", () => {
    const exit = coolingOffExitAmount({
      outstandingPrincipalPaise: 1_000_000n,
      aprBps: 2_000,
      daysHeld: 1,
      upfrontChargesPaidPaise: 50_000n,
    });
    expect(exit.payablePaise).toBe(1_000_000n + 548n - 50_000n);
  });
});

describe("terms validation", () => {
  it.each([
    [{ principalPaise: 0n }, "principalPaise"],
    [{ firstDueDate: "2026-01-05" }, "firstDueDate"],
    [{ disbursalDate: "2026-02-30" }, "disbursalDate"],
    [{ principalGracePeriods: 12 }, "principalGracePeriods"],
    [{ annualRateBps: 10_001 }, "annualRateBps"],
  ])("refuses %o with a message on %s", (override, field) => {
    const result = (() => {
      try {
        parseLoanTerms({ ...base, principalPaise: 100_000n, annualRateBps: 1_200, tenor: 12, ...override });
        return null;
      } catch (error) {
        return error as { issues: { path: (string | number)[] }[] };
      }
    })();
    expect(result?.issues.some((issue) => issue.path[0] === field)).toBe(true);
  });
});
