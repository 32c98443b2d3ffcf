import { ZenEngine } from "@gorules/zen-engine";
import { describe, expect, it } from "vitest";
import { baselineDecisionModel } from "@/server/lending/rules/domain/baseline-model";
import { interpretResult, lendersInModel } from "@/server/lending/rules/domain/jdm";
import { applicants } from "./applicants";
import { buildPeerEngine } from "./json-rules-peer";

describe("json-rules-engine peer", () => {
  it("decides exactly like ZEN on the baseline model for 1,500 varied applicants", async () => {
    const model = baselineDecisionModel();
    const lenders = lendersInModel(model);
    const zen = new ZenEngine().createDecision(model as unknown as object);
    const peer = buildPeerEngine(model, lenders);
    const sample = applicants(1500);
    let withLenders = 0;
    for (const facts of sample) {
      const expected = interpretResult(lenders, (await zen.evaluate(facts)).result);
      expect(await peer.evaluate(facts)).toEqual(expected);
      if (expected.lenders.length) withLenders++;
    }
    // The sample exercises both outcomes.
    expect(withLenders).toBeGreaterThan(100);
    expect(withLenders).toBeLessThan(1400);
  });
});
