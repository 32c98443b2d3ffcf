/** Funds (issue 5): the investor catalog and scheme page; admin ingest runs, settings, set-up, review, freshness. */
import { z } from "zod";
import { catalogFacets, getSchemePage, listCatalog } from "../../funds/catalog.service";
import { requestPoll } from "../../funds/fetch.service";
import { freshnessReport } from "../../funds/freshness.service";
import { decideHeldNav, listHeldNavs } from "../../funds/held.service";
import { rerunNavFile } from "../../funds/ingest.service";
import { getRun, listRuns } from "../../funds/runs.service";
import {
  fundSettingsInput,
  getFundSettings,
  schemeSetupInput,
  updateFundSettings,
  updateSchemeSetup,
} from "../../funds/settings.service";
import { commandContext, permissionProcedure, router } from "../init";

const schemeCode = z.number().int().positive().max(999_999_999);

const catalogInput = z.object({
  query: z.string().trim().max(100).optional(),
  category: z.string().max(200).optional(),
  amc: z.string().max(200).optional(),
  plan: z.enum(["direct", "regular"]).optional(),
  option: z.enum(["growth", "idcw"]).optional(),
  riskLevel: z.number().int().min(1).max(6).optional(),
  withNavOnly: z.boolean().default(true),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(5).max(100).default(20),
});

export const fundsRouter = router({
  catalog: permissionProcedure("funds.catalog.read")
    .input(catalogInput)
    .query(({ ctx, input }) => listCatalog(ctx.deps, input)),

  facets: permissionProcedure("funds.catalog.read").query(({ ctx }) => catalogFacets(ctx.deps)),

  scheme: permissionProcedure("funds.catalog.read")
    .input(z.object({ code: schemeCode }))
    .query(({ ctx, input }) => getSchemePage(ctx.deps, input.code)),

  runs: permissionProcedure("funds.admin.read")
    .input(
      z.object({
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(5).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => listRuns(ctx.deps, input)),

  run: permissionProcedure("funds.admin.read")
    .input(z.object({ runId: z.string().uuid("Unknown run") }))
    .query(({ ctx, input }) => getRun(ctx.deps, input.runId)),

  rerun: permissionProcedure("funds.admin.manage")
    .input(z.object({ runId: z.string().uuid("Unknown run") }))
    .mutation(({ ctx, input }) => rerunNavFile(ctx.deps, commandContext(ctx), input.runId)),

  pollNow: permissionProcedure("funds.admin.manage").mutation(({ ctx }) =>
    requestPoll(ctx.deps, commandContext(ctx)),
  ),

  settings: permissionProcedure("funds.admin.read").query(({ ctx }) => getFundSettings(ctx.deps.db)),

  updateSettings: permissionProcedure("funds.admin.manage")
    .input(fundSettingsInput)
    .mutation(({ ctx, input }) => updateFundSettings(ctx.deps, commandContext(ctx), input)),

  adminSchemes: permissionProcedure("funds.admin.read")
    .input(catalogInput)
    .query(({ ctx, input }) => listCatalog(ctx.deps, input)),

  updateSchemeSetup: permissionProcedure("funds.admin.manage")
    .input(schemeSetupInput)
    .mutation(({ ctx, input }) => updateSchemeSetup(ctx.deps, commandContext(ctx), input)),

  held: permissionProcedure("funds.admin.read")
    .input(z.object({ status: z.enum(["PENDING", "APPROVED", "REJECTED"]).default("PENDING") }))
    .query(({ ctx, input }) => listHeldNavs(ctx.deps, input)),

  decideHeld: permissionProcedure("funds.admin.manage")
    .input(z.object({ id: z.string().uuid("Unknown held NAV"), decision: z.enum(["APPROVED", "REJECTED"]) }))
    .mutation(({ ctx, input }) => decideHeldNav(ctx.deps, commandContext(ctx), input)),

  freshness: permissionProcedure("funds.admin.read").query(({ ctx }) => freshnessReport(ctx.deps)),
});
