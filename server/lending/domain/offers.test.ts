import { describe, expect, it } from "vitest";
import { ageInIst } from "./age";
import { backoffMs, buildOffer, gstIncluded, neutralOrder } from "./offers";

const lender = {
  code: "kite",
  name: "Kite Finance",
  regulatoryStatus: "NBFC registered with the RBI (sandbox)",
  grievanceOfficer: {
    name: "Kavya Menon",
    designation: "Grievance Redressal Officer",
    email: "grievance@kite.example",
    phone: "+91 22 4000 5678",
  },
};

describe("offers", () => {
  it("quotes a sanction into terms, EMI, APR above the nominal rate (the fee), and a KFS", () => {
    const offer = buildOffer({
      sanction: {
        principalPaise: 45_000_00n,
        tenorMonths: 9,
        annualRateBps: 1_600,
        processingFeePaise: 675_00n,
      },
      lender,
      proposalNumber: "FLX-A1234567-KITE",
      issuedAt: new Date("2026-11-22T10:00:00Z"),
      disbursalDate: "2026-11-22",
      borrower: { name: "Demo Shopper", phone: "+919876543210" },
      merchant: { name: "Metro Electronics", storeName: "Koramangala" },
      kfs: { latePaymentFeePaise: 500_00, bounceChargePaise: 350_00, coolingOffDays: 3 },
    });
    expect(offer.quote.instalmentCount).toBe(9);
    expect(offer.quote.emiPaise).toBeGreaterThan(5_000_00n);
    expect(offer.quote.aprBps).toBeGreaterThan(1_600);
    expect(offer.kfs.proposalNumber).toBe("FLX-A1234567-KITE");
    expect(offer.kfs.charges.map((c) => c.code)).toEqual(["processing-fee"]);
    expect(offer.kfs.contingentCharges.map((c) => c.code)).toEqual(["late-payment", "bounce"]);
    expect(offer.quote.totalPayablePaise).toBe(
      45_000_00n + offer.quote.totalInterestPaise + offer.quote.totalChargesPaise,
    );
  });

  it("a sanction without a fee has no fee charge and APR equal to the nominal rate", () => {
    const offer = buildOffer({
      sanction: { principalPaise: 12_000_00n, tenorMonths: 6, annualRateBps: 1_450, processingFeePaise: 0n },
      lender,
      proposalNumber: "FLX-A1234567-NOVA",
      issuedAt: new Date("2026-11-22T10:00:00Z"),
      disbursalDate: "2026-11-22",
      borrower: { name: "Demo Shopper", phone: "+919876543210" },
      merchant: { name: "Metro Electronics", storeName: "Koramangala" },
      kfs: { latePaymentFeePaise: 500_00, bounceChargePaise: 350_00, coolingOffDays: 3 },
    });
    expect(offer.kfs.charges).toEqual([]);
    expect(Math.abs(offer.quote.aprBps - 1_450)).toBeLessThanOrEqual(15);
  });

  it.each([
    [118_00n, 18_00n],
    [675_00n, 102_96n],
    [1n, 0n],
  ])("GST included in a fee of %s paise is %s", (fee, gst) => {
    expect(gstIncluded(fee)).toBe(gst);
  });

  it("orders offers neutrally: APR, then total payable, then lender name", () => {
    const ordered = neutralOrder([
      { lenderName: "Vista", aprBps: 1_800, totalPayablePaise: 100n },
      { lenderName: "Orbit", aprBps: 1_500, totalPayablePaise: 300n },
      { lenderName: "Kite", aprBps: 1_500, totalPayablePaise: 200n },
      { lenderName: "Sahyog", aprBps: 1_500, totalPayablePaise: 200n },
    ]);
    expect(ordered.map((o) => o.lenderName)).toEqual(["Kite", "Sahyog", "Orbit", "Vista"]);
  });

  it("backs off exponentially with deterministic jitter between half and the whole step", () => {
    for (const [attempt, step] of [
      [1, 250],
      [2, 500],
      [3, 1_000],
    ] as const) {
      const delay = backoffMs(250, attempt, `seed-${attempt}`);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
      expect(backoffMs(250, attempt, `seed-${attempt}`)).toBe(delay);
    }
  });

  it.each([
    ["2008-11-23", "2026-11-22T18:29:00Z", 17], // 23 Nov not yet reached in IST (23:59 IST on the 22nd)
    ["2008-11-23", "2026-11-22T18:31:00Z", 18], // 00:01 IST on 23 Nov: birthday
    ["2000-02-29", "2026-02-28T12:00:00Z", 25],
    ["2000-02-29", "2026-03-01T12:00:00Z", 26],
  ])("age of someone born %s at %s is %i (IST calendar)", (dob, at, age) => {
    expect(ageInIst(dob, new Date(at))).toBe(age);
  });
});
