import { describe, expect, it } from "vitest";
import { descriptorSchema } from "./descriptor";
import { classify, fillPlaceholders, readOffer, readValue, resolveTemplate } from "./mapping";
import { SANDBOX_DESCRIPTORS } from "./sandbox-descriptors";

const scope = {
  reference: "FLX-AB12",
  ticketPaise: 45_000_50n,
  bureauScore: null,
  applicant: { pan: "ABCDE1234F", dateOfBirth: "1990-04-02", employmentType: "SALARIED" },
};

describe("request templates", () => {
  it.each([
    [{ $from: "ticketPaise", $transform: "paiseToRupees" }, 45_000],
    [{ $from: "ticketPaise", $transform: "paiseString" }, "4500050"],
    [{ $from: "applicant.dateOfBirth", $transform: "isoToDmy" }, "02/04/1990"],
    [{ $from: "applicant.employmentType", $map: { SALARIED: "EMPLOYED" } }, "EMPLOYED"],
    [{ $from: "bureauScore" }, null],
    [{ $const: "INR" }, "INR"],
    [{ nested: [{ $from: "reference" }, "literal"] }, { nested: ["FLX-AB12", "literal"] }],
  ])("%j → %j", (template, expected) => {
    expect(resolveTemplate(template, scope)).toEqual(expected);
  });

  it("refuses a value with no mapping rather than sending something the lender did not define", () => {
    expect(() =>
      resolveTemplate({ $from: "applicant.employmentType", $map: { STUDENT: "STU" } }, scope),
    ).toThrow(/no mapping/);
  });

  it("fills and encodes path placeholders", () => {
    expect(fillPlaceholders("/a/{reference}/b", { reference: "x y" })).toBe("/a/x%20y/b");
    expect(() => fillPlaceholders("/a/{missing}", {})).toThrow(/no value/);
  });
});

describe("reading answers", () => {
  it.each([
    ["15.50", 1_550],
    ["15.5", 1_550],
    ["9", 900],
    ["12.05", 1_205],
  ])("percent %s → %i bps exactly", (raw, bps) => {
    expect(readValue({ r: raw }, { path: "r", transform: "percentToBps" })).toBe(bps);
  });

  it("classifies by status and field, first match wins, unknown by default", () => {
    const kite = descriptorSchema.parse(SANDBOX_DESCRIPTORS[0]).operations.apply;
    expect(classify(kite, 201, { status: "APPROVED" })).toBe("APPROVED");
    expect(classify(kite, 200, { status: "REJECTED" })).toBe("DECLINED");
    expect(classify(kite, 503, {})).toBe("RETRYABLE");
    expect(classify(kite, 401, {})).toBe("AUTH_EXPIRED");
    expect(classify(kite, 500, {})).toBe("UNKNOWN");
    expect(classify(kite, 200, { status: "SOMETHING_NEW" })).toBe("UNKNOWN");
    expect(
      readOffer(kite, {
        offer: { sanctioned_inr: 45000, tenure_months: 9, roi_pct: "16.00", processing_fee_inr: 675 },
      }),
    ).toEqual({
      principalPaise: 4_500_000n,
      tenorMonths: 9,
      annualRateBps: 1_600,
      processingFeePaise: 67_500n,
    });
    expect(readOffer(kite, { offer: { sanctioned_inr: -1, tenure_months: 9, roi_pct: "16" } })).toBeNull();
  });

  it("every seeded sandbox descriptor is valid", () => {
    for (const descriptor of SANDBOX_DESCRIPTORS)
      expect(descriptorSchema.safeParse(descriptor).success).toBe(true);
  });
});
