import { describe, expect, it } from "vitest";
import type { LoanTermsInput } from "../contracts";
import { buildKeyFactStatement, FLUX_LSP, KfsError, kfsDiscrepancies, kfsFromJson, kfsToJson } from "./kfs";
import { quoteLoan } from "./quote";

const lender = {
  code: "sandbox-finance",
  name: "Sandbox Finance Ltd",
  regulatoryStatus: "NBFC registered with the RBI (sandbox)",
  grievanceOfficer: {
    name: "R. Iyer",
    designation: "Nodal Grievance Redressal Officer",
    email: "grievance@sandbox-finance.example",
    phone: "+91 22 4000 0000",
  },
};

const terms: LoanTermsInput = {
  principalPaise: 4_500_000n,
  tenor: 9,
  frequency: { unit: "MONTH", every: 1 },
  annualRateBps: 1_499,
  interestMethod: "REDUCING_BALANCE",
  disbursalDate: "2026-03-06",
  firstDueDate: "2026-04-05",
  charges: [
    {
      code: "processing",
      name: "Processing fee",
      kind: "FEE",
      amountPaise: 59_000n,
      taxPaise: 9_000n,
      receiver: { type: "LENDER", name: "Sandbox Finance Ltd" },
      collection: "UPFRONT",
    },
    {
      code: "insurance",
      name: "Device insurance premium",
      kind: "THIRD_PARTY",
      amountPaise: 120_000n,
      receiver: { type: "THIRD_PARTY", name: "Sandbox General Insurance" },
      collection: "WITH_FIRST_INSTALMENT",
    },
  ],
  contingentCharges: [
    {
      code: "late-payment",
      name: "Penal charge for late payment",
      trigger: "LATE_PAYMENT",
      basis: "FLAT",
      amountPaise: 50_000n,
      description: "Charged once for each instalment unpaid 3 days after its due date.",
      receiver: { type: "LENDER", name: "Sandbox Finance Ltd" },
    },
    {
      code: "bounce",
      name: "Payment bounce charge",
      trigger: "PAYMENT_BOUNCE",
      basis: "BPS_OF_OVERDUE",
      bps: 200,
      capPaise: 75_000n,
      description: "When an auto-debit is returned unpaid.",
      receiver: { type: "LENDER", name: "Sandbox Finance Ltd" },
    },
  ],
};

function kfs(overrides: Partial<Parameters<typeof buildKeyFactStatement>[0]> = {}) {
  return buildKeyFactStatement({
    proposalNumber: "FLX-P-2603-000123",
    // Friday 6 March 2026, 11:00 IST
    issuedAt: new Date("2026-03-06T05:30:00Z"),
    lender,
    borrower: { name: "Demo Shopper", phone: "+919876543210" },
    merchant: { name: "Metro Electronics", storeName: "Metro Electronics, Indiranagar" },
    terms,
    coolingOffDays: 3,
    ...overrides,
  });
}

describe("Key Fact Statement", () => {
  it("states everything the RBI format asks for, from the terms", () => {
    const statement = kfs();
    const quote = quoteLoan(terms);
    expect(statement.proposalNumber).toBe("FLX-P-2603-000123");
    expect(statement.sanctionedAmountPaise).toBe(4_500_000n);
    expect(statement.instalment).toEqual({
      typeLabel: "Equated monthly instalments (EMI)",
      amountPaise: quote.emiPaise,
      count: 9,
    });
    expect(statement.interest.annualRateBps).toBe(1_499);
    expect(statement.interest.rateType).toBe("Fixed");
    expect(statement.apr.bps).toBe(quote.aprBps);
    expect(statement.apr.bps).toBeGreaterThan(1_499);
    expect(statement.totals).toEqual({
      interestPaise: quote.totalInterestPaise,
      feesPaise: 59_000n,
      thirdPartyChargesPaise: 120_000n,
      chargesPaise: 179_000n,
      netDisbursedPaise: 4_500_000n - 59_000n,
      totalPayablePaise: 4_500_000n + quote.totalInterestPaise + 179_000n,
    });
    expect(statement.schedule).toEqual(quote.schedule.rows);
    expect(statement.charges.map((c) => [c.code, c.payableTo, c.collectionLabel])).toEqual([
      ["processing", "Sandbox Finance Ltd", "One-time, at disbursal"],
      ["insurance", "Sandbox General Insurance", "One-time, with the first instalment"],
    ]);
    expect(statement.contingentCharges.map((c) => c.amountLabel)).toEqual([
      "₹500.00 per missed instalment",
      "2.00 % of the overdue instalment (at most ₹750.00)",
    ]);
    expect(statement.coolingOff.days).toBe(3);
    expect(statement.coolingOff.text).toContain("No penalty");
    expect(statement.lsp).toEqual(FLUX_LSP);
    expect(statement.lender.grievanceOfficer.email).toBe("grievance@sandbox-finance.example");
    expect(statement.disbursal.recipient).toBe("Metro Electronics (Metro Electronics, Indiranagar)");
    expect(statement.term).toMatchObject({
      instalmentCount: 9,
      frequencyLabel: "Monthly",
      tenorLabel: "9 months",
    });
    expect(statement.disclosures[0]).toMatch(/not stated in this Key Fact Statement will be charged/);
  });

  it("is valid for at least 3 working days (Friday → Wednesday)", () => {
    const statement = kfs();
    expect(statement.issuedOn).toBe("2026-03-06");
    expect(statement.validityWorkingDays).toBe(3);
    expect(statement.validUntil).toBe("2026-03-11");
    expect(() => kfs({ validUntil: "2026-03-10" })).toThrow(KfsError);
    expect(kfs({ validUntil: "2026-03-20" }).validUntil).toBe("2026-03-20");
  });

  it("a loan shorter than 7 days needs only 1 working day of validity", () => {
    const statement = kfs({
      terms: {
        ...terms,
        tenor: 1,
        frequency: { unit: "DAY", every: 5 },
        firstDueDate: undefined,
        charges: [],
      },
    });
    expect(statement.validityWorkingDays).toBe(1);
    expect(statement.validUntil).toBe("2026-03-09");
  });

  it("round-trips through JSON exactly and detects a tampered snapshot", () => {
    const statement = kfs();
    const json = JSON.parse(JSON.stringify(kfsToJson(statement)));
    const back = kfsFromJson(json);
    expect(back).toEqual(statement);
    expect(kfsDiscrepancies(back, statement)).toEqual([]);
    const tampered = kfsFromJson(json);
    tampered.totals.totalPayablePaise -= 100n;
    tampered.charges = tampered.charges.slice(1);
    expect(kfsDiscrepancies(tampered, statement)).toEqual(["charges", "totals"]);
  });
});
