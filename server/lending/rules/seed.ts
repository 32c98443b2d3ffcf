/**
 * Seeds the baseline lender-selection rules (version 1, published, covering kite, orbit, sahyog and
 * vista) when no version exists yet. Idempotent: later versions and edits are left alone.
 */
import { systemActor } from "../../platform/actor";
import { systemClock } from "../../platform/clock";
import type { Db, Prisma } from "../../platform/db/client";
import { runCommand } from "../../platform/unit-of-work";
import { contentHash } from "./content-hash";
import { baselineDecisionModel } from "./domain/baseline-model";
import { checkDecisionModel } from "./domain/jdm";

export async function seedLendingRules(db: Db): Promise<{ created: boolean }> {
  const existing = await db.lendingRuleVersion.findUnique({ where: { version: 1 }, select: { id: true } });
  if (existing) return { created: false };
  const model = checkDecisionModel(baselineDecisionModel());
  const ctx = {
    actor: systemActor("seed"),
    correlationId: "seed-lending-rules",
    ip: null,
    clock: systemClock,
  };
  return runCommand({ db }, ctx, async ({ tx, audit, now }) => {
    const created = await tx.lendingRuleVersion.createMany({
      data: {
        version: 1,
        status: "PUBLISHED",
        title: "Baseline: sandbox lenders' published credit policies",
        content: model as unknown as Prisma.InputJsonValue,
        contentHash: contentHash(model),
        createdById: null,
        editorIds: [],
        publishedAt: now,
      },
      skipDuplicates: true,
    });
    if (created.count === 0) return { created: false };
    const row = await tx.lendingRuleVersion.findUniqueOrThrow({
      where: { version: 1 },
      select: { id: true },
    });
    audit({
      action: "lending.rules.seeded",
      entityType: "lending_rule_version",
      entityId: row.id,
      after: { version: 1, status: "PUBLISHED" },
    });
    return { created: true };
  });
}
