/** Lending rules: versions, drafts, simulation, maker-checker publishing, and the try-it evaluator. */
import { z } from "zod";
import {
  approveAndPublish,
  createDraft,
  diffRuleVersion,
  discardDraft,
  getRuleVersion,
  listRuleVersions,
  returnToDraft,
  simulateVersion,
  submitForApproval,
  updateDraft,
} from "../../lending/rules/rule-versions.service";
import { evaluateInput } from "../../lending/rules/schemas";
import { deriveFacts, evaluateLenders, recentEvaluations } from "../../lending/rules/selector";
import { commandContext, permissionProcedure, router } from "../init";

const id = z.uuid({ message: "Not a valid version id." });
const hash = z.string().regex(/^[0-9a-f]{64}$/, "Not a content hash.");
const title = z.string().trim().min(3, "Give the version a title (3+ characters).").max(120);

export const lendingRulesRouter = router({
  versions: permissionProcedure("rules.read").query(({ ctx }) => listRuleVersions(ctx.deps.db)),

  version: permissionProcedure("rules.read")
    .input(z.object({ id }))
    .query(({ ctx, input }) => getRuleVersion(ctx.deps.db, input.id, ctx.actor.userId)),

  diff: permissionProcedure("rules.read")
    .input(z.object({ id, againstId: id.optional() }))
    .query(({ ctx, input }) => diffRuleVersion(ctx.deps.db, input)),

  recentEvaluations: permissionProcedure("rules.read")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => recentEvaluations(ctx.deps.db, input.limit)),

  createDraft: permissionProcedure("rules.edit")
    .input(z.object({ title, basedOnId: id.optional() }))
    .mutation(({ ctx, input }) => createDraft(ctx.deps, commandContext(ctx), input)),

  updateDraft: permissionProcedure("rules.edit")
    .input(
      z.object({
        id,
        title: title.optional(),
        // The JDM graph; checked cell by cell by the service (bodies are limited to 256 KB upstream).
        content: z.record(z.string(), z.unknown()),
        expectedHash: hash,
      }),
    )
    .mutation(({ ctx, input }) => updateDraft(ctx.deps, commandContext(ctx), input)),

  submit: permissionProcedure("rules.edit")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => submitForApproval(ctx.deps, commandContext(ctx), input)),

  approve: permissionProcedure("rules.approve")
    .input(z.object({ id, expectedHash: hash }))
    .mutation(({ ctx, input }) => approveAndPublish(ctx.deps, commandContext(ctx), input)),

  returnToDraft: permissionProcedure("rules.edit")
    .input(z.object({ id, note: z.string().trim().min(3, "Say why (3+ characters).").max(500) }))
    .mutation(({ ctx, input }) => returnToDraft(ctx.deps, commandContext(ctx), input)),

  discard: permissionProcedure("rules.edit")
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => discardDraft(ctx.deps, commandContext(ctx), input)),

  simulate: permissionProcedure("rules.edit")
    .input(z.object({ id, limit: z.number().int().min(1).max(5000).default(500) }))
    .mutation(({ ctx, input }) => simulateVersion(ctx.deps, commandContext(ctx), input)),

  /** The single-application evaluator: derives facts and evaluates, recording nothing. */
  evaluate: permissionProcedure("rules.read")
    .input(evaluateInput)
    .mutation(async ({ ctx, input }) => {
      const facts = deriveFacts({
        dateOfBirth: input.dateOfBirth,
        applicationAt: ctx.deps.clock.now(),
        bureauScore: input.bureauScore,
        monthlyIncomePaise: BigInt(input.monthlyIncomeRupees) * 100n,
        employmentType: input.employmentType,
        pincode: input.pincode,
        ticketPaise: BigInt(input.ticketRupees) * 100n,
        merchantCategory: input.merchantCategory,
      });
      const selection = await evaluateLenders(ctx.deps, {
        facts,
        ruleVersionId: input.versionId,
        trace: input.trace,
      });
      return { facts, ...selection };
    }),
});
