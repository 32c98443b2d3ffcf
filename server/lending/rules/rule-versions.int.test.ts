/**
 * Rule versions end to end on real PostgreSQL and Redis: immutability (trigger), maker-checker (service
 * and CHECK constraint), publish reaching a second runtime over Redis pub/sub with no reload, an
 * application in flight keeping its version, bad models refused with located errors, and simulation.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { userActor } from "../../platform/actor";
import { AppError } from "../../platform/errors";
import type { CommandContext } from "../../platform/unit-of-work";
import type { DecisionModel } from "./domain/jdm";
import {
  approveAndPublish,
  createDraft,
  diffRuleVersion,
  getRuleVersion,
  returnToDraft,
  simulateVersion,
  submitForApproval,
  updateDraft,
} from "./rule-versions.service";
import { RulesRuntime } from "./runtime";
import { deriveFacts, selectLenders } from "./selector";

const stack = await createTestStack("rules-versions");
// Two runtimes = two processes' caches, each with its own Redis subscriber connection. A long TTL makes
// sure only the pub/sub message can explain a switch.
const runtimeA = new RulesRuntime(stack.deps, { subscribedTtlMs: 600_000 });
const runtimeB = new RulesRuntime(stack.deps, { subscribedTtlMs: 600_000 });
const depsA = { ...stack.deps, rules: runtimeA };
const depsB = { ...stack.deps, rules: runtimeB };

let admin: CommandContext;
let risk: CommandContext;

const applicant = (patch: Partial<Parameters<typeof deriveFacts>[0]> = {}) =>
  deriveFacts({
    dateOfBirth: "1994-07-15",
    applicationAt: new Date("2026-11-22T10:00:00Z"),
    bureauScore: 742,
    monthlyIncomePaise: 6_000_000n,
    employmentType: "SALARIED",
    pincode: "560034",
    ticketPaise: 5_000_000n,
    merchantCategory: "ELECTRONICS",
    ...patch,
  });

const codes = (selection: { lenders: { lenderCode: string }[] }) =>
  selection.lenders.map((l) => l.lenderCode);

function orderingRules(model: DecisionModel) {
  const node = model.nodes.find((n) => n.id === "ordering");
  if (!node) throw new Error("no ordering table");
  return (node.content as { rules: Record<string, string>[] }).rules;
}

async function expectAppError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

beforeAll(async () => {
  const seeded = await seedTestData(stack.db);
  const ctxFor = (email: string): CommandContext => ({
    actor: userActor(seeded.byEmail(email)),
    correlationId: `corr-${email}`,
    ip: "127.0.0.1",
    clock: stack.clock,
  });
  admin = ctxFor("admin@flux.local");
  risk = ctxFor("risk@flux.local");
  await Promise.all([runtimeA.start(), runtimeB.start()]);
});
afterAll(async () => {
  await runtimeA.stop();
  await runtimeB.stop();
});

describe("rule versions", () => {
  let draftId = "";
  let draftHash = "";

  it("an application evaluated under v1 is recorded with v1", async () => {
    // Load v1 into both runtimes' caches first.
    expect((await runtimeA.currentVersion()).version).toBe(1);
    expect((await runtimeB.currentVersion()).version).toBe(1);
    const selection = await selectLenders(depsA, { applicationId: "in-flight-1", facts: applicant() });
    expect(selection.ruleVersion).toBe(1);
    expect(codes(selection)).toEqual(["kite", "orbit", "sahyog", "vista"]);
    // A population for the simulation: a mix of applicants.
    const population = [
      applicant({ bureauScore: null }),
      applicant({ ticketPaise: 15_000_000n }),
      applicant({ employmentType: "SELF_EMPLOYED" }),
      applicant({ pincode: "795001" }),
      applicant({ dateOfBirth: "2007-01-01" }),
      applicant({ bureauScore: 660 }),
    ];
    for (const [index, facts] of population.entries())
      await selectLenders(depsA, { applicationId: `population-${index}`, facts });
  });

  it("refuses a bad model with the table, row and column, and keeps the draft as it was", async () => {
    const draft = await createDraft(depsA, admin, { title: "Orbit first for standard tickets" });
    draftId = draft.id;
    draftHash = draft.contentHash;
    expect(draft.version).toBe(2);
    const version = await getRuleVersion(stack.db, draftId);
    const bad = structuredClone(version.content);
    const knockouts = bad.nodes.find((n) => n.id === "knockouts")?.content as {
      rules: Record<string, string>[];
    };
    knockouts.rules[0]!["ko-age"] = "<<< 21";
    orderingRules(bad)[3]!["or-lender"] = "orbit"; // unquoted: ZEN would read a missing variable
    const error = await expectAppError(
      updateDraft(depsA, admin, { id: draftId, content: bad, expectedHash: draftHash }),
      "UNPROCESSABLE",
      /2 problems: table "Eligibility knockouts", row 1, column "Age \(years\)": "<<< 21" is not a valid condition/,
    );
    expect(error.details?.problems).toHaveLength(2);
    expect((await getRuleVersion(stack.db, draftId)).contentHash).toBe(draftHash);
    // Structurally broken graphs are refused too (the engine's own validation).
    await expectAppError(
      updateDraft(depsA, admin, { id: draftId, content: { nodes: "x", edges: [] }, expectedHash: draftHash }),
      "UNPROCESSABLE",
      /nodes and edges/,
    );
  });

  it("edits a draft (orbit first), simulates it against recorded applications and shows the diff", async () => {
    const version = await getRuleVersion(stack.db, draftId);
    const model = structuredClone(version.content);
    const orbit = orderingRules(model).find((rule) => rule._id === "orbit");
    orbit!["or-priority"] = "5";
    const updated = await updateDraft(depsA, risk, { id: draftId, content: model, expectedHash: draftHash });
    // A stale editor is refused rather than overwriting.
    await expectAppError(
      updateDraft(depsA, admin, { id: draftId, content: model, expectedHash: draftHash }),
      "CONFLICT",
      /changed this draft/,
    );
    draftHash = updated.contentHash;

    const summary = await simulateVersion(depsA, admin, { id: draftId, limit: 100 });
    expect(summary.applications).toBe(7);
    expect(summary.baselineVersion).toBe(1);
    expect(summary.decidedUnderOtherVersions).toBe(0);
    expect(summary.gainedAccess).toBe(0);
    expect(summary.lostAccess).toBe(0);
    expect(summary.eligibilityChanged).toBe(0);
    expect(summary.orderChanged).toBeGreaterThanOrEqual(3);
    const orbitMix = summary.lenders.find((l) => l.lenderCode === "orbit")!;
    expect(orbitMix.firstAfter).toBeGreaterThan(orbitMix.firstBefore);
    expect(orbitMix.eligibleAfter).toBe(orbitMix.eligibleBefore);
    expect(summary.changed.find((c) => c.applicationId === "in-flight-1")).toMatchObject({
      before: ["kite", "orbit", "sahyog", "vista"],
      after: ["orbit", "kite", "sahyog", "vista"],
      kind: "order",
    });
    expect((await getRuleVersion(stack.db, draftId)).simulation?.orderChanged).toBe(summary.orderChanged);

    const { diff } = await diffRuleVersion(stack.db, { id: draftId });
    const ordering = diff?.tables.find((t) => t.table === "Lender ordering");
    expect(ordering?.rowsChanged).toEqual([
      { rowId: "orbit", row: 4, changes: [{ column: "Priority (lower first)", before: "20", after: "5" }] },
    ]);
  });

  it("maker-checker: no one who edited or submitted may approve; the database refuses it too", async () => {
    await submitForApproval(depsA, admin, { id: draftId });
    // Content is frozen while awaiting approval.
    await expectAppError(
      updateDraft(depsA, admin, {
        id: draftId,
        content: (await getRuleVersion(stack.db, draftId)).content,
        expectedHash: draftHash,
      }),
      "PRECONDITION_FAILED",
      /awaiting approval/,
    );
    await expectAppError(
      approveAndPublish(depsA, admin, { id: draftId, expectedHash: draftHash }),
      "FORBIDDEN",
      /maker-checker/,
    );
    // risk edited it, so risk may not approve either.
    await expectAppError(
      approveAndPublish(depsA, risk, { id: draftId, expectedHash: draftHash }),
      "FORBIDDEN",
      /maker-checker/,
    );
    const client = await stack.database.superuser();
    const { rows } = await client.query<{ editor_ids: string[] }>(
      "SELECT editor_ids FROM lending_rule_version WHERE id = $1",
      [draftId],
    );
    await expect(
      client.query(
        "UPDATE lending_rule_version SET status = 'PUBLISHED', approved_by_id = $2, published_at = now() WHERE id = $1",
        [draftId, rows[0]!.editor_ids[1]],
      ),
    ).rejects.toThrow(/lending_rule_version_maker_checker/);
    // Send it back; a fresh draft that only admin makes can then be checked by risk.
    await returnToDraft(depsA, risk, { id: draftId, note: "Needs a checker who did not edit" });
    expect((await getRuleVersion(stack.db, draftId)).status).toBe("DRAFT");
  });

  it("a second admin publishes; the other runtime switches over pub/sub; in-flight applications keep v1", async () => {
    const fresh = await createDraft(depsA, admin, { title: "Orbit first (admin only)", basedOnId: draftId });
    expect(fresh.version).toBe(3);
    await submitForApproval(depsA, admin, { id: fresh.id });
    const notified = new Promise<string>((resolve) => runtimeB.onPublish(resolve));
    const published = await approveAndPublish(depsA, risk, { id: fresh.id, expectedHash: fresh.contentHash });
    expect(published.status).toBe("PUBLISHED");
    expect(await notified).toBe(fresh.id);
    await vi.waitFor(async () => expect((await runtimeB.currentVersion()).version).toBe(3), {
      timeout: 5_000,
    });
    expect(runtimeB.notifications).toBeGreaterThanOrEqual(1);

    // The application evaluated before the publish keeps v1 and its order.
    const inFlight = await selectLenders(depsB, { applicationId: "in-flight-1", facts: applicant() });
    expect(inFlight.ruleVersion).toBe(1);
    expect(codes(inFlight)).toEqual(["kite", "orbit", "sahyog", "vista"]);
    // ...also when the orchestrator names the version the application started with.
    const v1 = (await stack.db.lendingRuleVersion.findUniqueOrThrow({ where: { version: 1 } })).id;
    const pinned = await selectLenders(depsB, {
      applicationId: "in-flight-2",
      facts: applicant(),
      ruleVersionId: v1,
    });
    expect(pinned.ruleVersion).toBe(1);
    // A new application in the other process gets v3 and the new order.
    const next = await selectLenders(depsB, { applicationId: "new-1", facts: applicant() });
    expect(next.ruleVersion).toBe(3);
    expect(codes(next)).toEqual(["orbit", "kite", "sahyog", "vista"]);

    const audit = await stack.db.auditEvent.findMany({
      where: { entityType: "lending_rule_version", entityId: fresh.id },
      orderBy: { id: "asc" },
      select: { action: true, actorId: true },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "lending.rules.draft_created",
      "lending.rules.submitted",
      "lending.rules.published",
    ]);
    expect(audit[2]?.actorId).toBe(risk.actor.userId);
  });

  it("a published version is immutable, also for a superuser's SQL", async () => {
    const v3 = await stack.db.lendingRuleVersion.findUniqueOrThrow({ where: { version: 3 } });
    await expectAppError(
      updateDraft(depsA, admin, { id: v3.id, content: v3.content as object, expectedHash: v3.contentHash }),
      "PRECONDITION_FAILED",
      /published and cannot change/,
    );
    const client = await stack.database.superuser();
    await expect(
      client.query("UPDATE lending_rule_version SET title = 'x' WHERE version = 3"),
    ).rejects.toThrow(/published and immutable/);
    await expect(client.query("DELETE FROM lending_rule_version WHERE version = 1")).rejects.toThrow(
      /cannot be deleted/,
    );
    await expect(
      client.query(
        "UPDATE lending_rule_version SET status = 'PUBLISHED', approved_by_id = $1 WHERE version = 2",
        [risk.actor.userId],
      ),
    ).rejects.toThrow(/must be approved before it is published/);
  });
});
