import { describe, expect, it } from "vitest";
import type { SelectionOutcome } from "./jdm";
import { summariseSimulation } from "./simulation";

const outcome = (...codes: string[]): SelectionOutcome => ({
  lenders: codes.map((lenderCode, index) => ({ lenderCode, rank: index + 1 })),
  ineligible: [],
});
const item = (id: string, before: SelectionOutcome, after: SelectionOutcome) => ({
  applicationId: id,
  evaluatedAt: "2026-11-22T10:00:00.000Z",
  before,
  after,
});

describe("summariseSimulation", () => {
  it("counts access, eligibility, first choice and order changes, and the lender mix", () => {
    const summary = summariseSimulation([
      item("same", outcome("a", "b"), outcome("a", "b")),
      item("order", outcome("a", "b"), outcome("b", "a")),
      item("gained", outcome(), outcome("b")),
      item("lost", outcome("a"), outcome()),
      item("set", outcome("a", "b"), outcome("a")),
    ]);
    expect(summary).toMatchObject({
      applications: 5,
      withLenderBefore: 4,
      withLenderAfter: 4,
      gainedAccess: 1,
      lostAccess: 1,
      eligibilityChanged: 3,
      firstChoiceChanged: 3,
      orderChanged: 4,
      unchanged: 1,
    });
    expect(summary.changed.map((c) => [c.applicationId, c.kind])).toEqual([
      ["order", "order"],
      ["gained", "gained-access"],
      ["lost", "lost-access"],
      ["set", "eligibility"],
    ]);
    expect(summary.lenders).toEqual([
      { lenderCode: "a", eligibleBefore: 4, eligibleAfter: 3, firstBefore: 4, firstAfter: 2 },
      { lenderCode: "b", eligibleBefore: 3, eligibleAfter: 3, firstBefore: 0, firstAfter: 2 },
    ]);
  });

  it("caps the list of changed applications and says so", () => {
    const items = Array.from({ length: 5 }, (_, i) => item(`x${i}`, outcome("a"), outcome()));
    const summary = summariseSimulation(items, 2);
    expect(summary.changed).toHaveLength(2);
    expect(summary.changedTruncated).toBe(true);
    expect(summary.lostAccess).toBe(5);
  });
});
