import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { RulesRuntime } from "./runtime";
import { deriveFacts, evaluateLenders, recordedSelection, selectLenders } from "./selector";

const stack = await createTestStack("rules-selector");
const rules = new RulesRuntime(stack.deps);
const deps = { ...stack.deps, rules };

const facts = deriveFacts({
  dateOfBirth: "1994-07-15",
  applicationAt: new Date("2026-11-22T10:00:00Z"),
  bureauScore: 742,
  monthlyIncomePaise: 6_000_000n,
  employmentType: "SALARIED",
  pincode: "560034",
  ticketPaise: 5_000_000n,
  merchantCategory: "ELECTRONICS",
});

beforeAll(async () => {
  await seedTestData(stack.db);
  await rules.start();
});
afterAll(() => rules.stop());

describe("selectLenders", () => {
  it("evaluates the published baseline and records version, facts, result and trace once", async () => {
    const selection = await selectLenders(deps, { applicationId: "app-1", facts });
    expect(selection.ruleVersion).toBe(1);
    expect(selection.lenders).toEqual([
      { lenderCode: "kite", rank: 1 },
      { lenderCode: "orbit", rank: 2 },
      { lenderCode: "sahyog", rank: 3 },
      { lenderCode: "vista", rank: 4 },
    ]);
    const row = await stack.db.lendingRuleEvaluation.findUniqueOrThrow({ where: { applicationId: "app-1" } });
    expect(row.ruleVersionId).toBe(selection.ruleVersionId);
    expect(row.facts).toEqual(facts);
    expect(JSON.stringify(row.trace)).toContain("Eligibility knockouts");
    const audit = await stack.db.auditEvent.findMany({
      where: { action: "lending.rules.evaluated", entityId: "app-1" },
    });
    expect(audit).toHaveLength(1);

    const recorded = await recordedSelection(stack.db, "app-1");
    expect(recorded?.lenders).toEqual(selection.lenders);
  });

  it("is idempotent per application, also under concurrent calls", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => selectLenders(deps, { applicationId: "app-race", facts })),
    );
    for (const result of results) expect(result.lenders).toEqual(results[0]?.lenders);
    expect(await stack.db.lendingRuleEvaluation.count({ where: { applicationId: "app-race" } })).toBe(1);
    expect(
      await stack.db.auditEvent.count({ where: { action: "lending.rules.evaluated", entityId: "app-race" } }),
    ).toBe(1);
    // A second call with different facts returns the recorded selection, not a new one.
    const again = await selectLenders(deps, {
      applicationId: "app-race",
      facts: { ...facts, bureauBand: "NO_HIT", bureauScore: null },
    });
    expect(again.lenders).toEqual(results[0]?.lenders);
  });

  it("evaluates without recording for try-it, and refuses malformed input clearly", async () => {
    const selection = await evaluateLenders(deps, { facts: { ...facts, bureauBand: "NO_HIT" } });
    expect(selection.lenders.map((l) => l.lenderCode)).toEqual(["sahyog"]);
    await expect(selectLenders(deps, { applicationId: "bad id with spaces", facts })).rejects.toThrow(
      /Application id/,
    );
    expect(() =>
      deriveFacts({
        dateOfBirth: "1994-02-30",
        applicationAt: new Date(),
        bureauScore: 700,
        monthlyIncomePaise: 1n,
        employmentType: "SALARIED",
        pincode: "560034",
        ticketPaise: 1n,
        merchantCategory: "ELECTRONICS",
      }),
    ).toThrow(/real calendar date/);
  });

  it("the recorded evaluation is evidence: the database refuses to change it", async () => {
    const client = await stack.database.superuser();
    await expect(
      client.query(`UPDATE lending_rule_evaluation SET version = 9 WHERE application_id = 'app-1'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      client.query(`DELETE FROM lending_rule_evaluation WHERE application_id = 'app-1'`),
    ).rejects.toThrow(/append-only/);
  });
});
