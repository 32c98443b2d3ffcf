/** Checkout lending: the shopper's checkout, the store's QR links and live list, and the lending admin. */
import { z } from "zod";
import { organisationScope, ownerScope } from "../../auth/scope";
import {
  FAULT_MODES,
  getApplicationDetail,
  lenderMetrics,
  listApplications,
  listLenders,
  listReconciliation,
  resetLenderBreaker,
  setSandboxFault,
} from "../../lending/admin.service";
import {
  acceptOffer,
  cancelApplication,
  createQrLink,
  describeLink,
  getOfferKfs,
  getShopperApplication,
  listMyStores,
  listShopperApplications,
  listStoreApplications,
  startApplication,
} from "../../lending/applications.service";
import { saveDescriptor, setConnectorEnabled } from "../../lending/connectors/registry";
import { checkReconciliation, resolveReconciliationManually } from "../../lending/operations.service";
import { createQrSchema, qrLinkSchema, startApplicationSchema } from "../../lending/schemas";
import { AppError } from "../../platform/errors";
import { IDEMPOTENCY_KEY_PATTERN } from "../../platform/idempotency/idempotency";
import { commandContext, permissionProcedure, router } from "../init";

const id = z.string().uuid("Unknown id");
const lenderCode = z.string().regex(/^[a-z][a-z0-9-]{1,29}$/, "Unknown lender");

const checkoutRouter = router({
  link: permissionProcedure("checkout.apply")
    .input(qrLinkSchema)
    .query(({ ctx, input }) => describeLink(ctx.deps, commandContext(ctx), input)),
  start: permissionProcedure("checkout.apply")
    .input(startApplicationSchema)
    .mutation(({ ctx, input }) =>
      startApplication(ctx.deps, commandContext(ctx), ownerScope(ctx.actor), input),
    ),
  application: permissionProcedure("checkout.apply")
    .input(z.object({ applicationId: id }))
    .query(({ ctx, input }) =>
      getShopperApplication(ctx.deps.db, ownerScope(ctx.actor), input.applicationId),
    ),
  mine: permissionProcedure("checkout.apply").query(({ ctx }) =>
    listShopperApplications(ctx.deps.db, ownerScope(ctx.actor)),
  ),
  kfs: permissionProcedure("checkout.apply")
    .input(z.object({ offerId: id }))
    .query(({ ctx, input }) => getOfferKfs(ctx.deps.db, ownerScope(ctx.actor), input.offerId)),
  accept: permissionProcedure("checkout.apply")
    .input(
      z.object({
        applicationId: id,
        offerId: id,
        idempotencyKey: z.string().regex(IDEMPOTENCY_KEY_PATTERN, "A fresh idempotency key is required"),
      }),
    )
    .mutation(({ ctx, input }) => acceptOffer(ctx.deps, commandContext(ctx), ownerScope(ctx.actor), input)),
  cancel: permissionProcedure("checkout.apply")
    .input(z.object({ applicationId: id }))
    .mutation(({ ctx, input }) =>
      cancelApplication(ctx.deps, commandContext(ctx), ownerScope(ctx.actor), input.applicationId),
    ),
});

const storeRouter = router({
  stores: permissionProcedure("store.lending.manage").query(({ ctx }) =>
    listMyStores(ctx.deps.db, organisationScope(ctx.actor)),
  ),
  createQr: permissionProcedure("store.lending.manage")
    .input(createQrSchema)
    .mutation(({ ctx, input }) =>
      createQrLink(ctx.deps, commandContext(ctx), organisationScope(ctx.actor), input),
    ),
  applications: permissionProcedure("store.lending.manage").query(({ ctx }) => {
    const since = new Date(ctx.deps.clock.now().getTime() - 24 * 3600_000);
    return listStoreApplications(ctx.deps.db, organisationScope(ctx.actor), since);
  }),
});

const adminRouter = router({
  lenders: permissionProcedure("lending.admin.read").query(({ ctx }) => listLenders(ctx.deps)),
  metrics: permissionProcedure("lending.admin.read")
    .input(
      z
        .object({
          minutes: z
            .number()
            .int()
            .min(5)
            .max(24 * 60)
            .default(30),
        })
        .default({ minutes: 30 }),
    )
    .query(({ ctx, input }) => lenderMetrics(ctx.deps.db, input.minutes)),
  saveDescriptor: permissionProcedure("lending.admin.manage")
    .input(
      z.object({
        descriptorJson: z.string().min(2).max(100_000),
        note: z.string().trim().max(300).optional(),
        secrets: z
          .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/), z.string().min(1).max(500))
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      let descriptor: unknown;
      try {
        descriptor = JSON.parse(input.descriptorJson);
      } catch {
        throw new AppError("BAD_REQUEST", "The descriptor is not valid JSON.");
      }
      return saveDescriptor(ctx.deps, commandContext(ctx), {
        descriptor,
        note: input.note,
        secrets: input.secrets,
      });
    }),
  setEnabled: permissionProcedure("lending.admin.manage")
    .input(z.object({ code: lenderCode, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setConnectorEnabled(ctx.deps, commandContext(ctx), input)),
  setFault: permissionProcedure("lending.admin.manage")
    .input(
      z.object({
        lenderCode,
        mode: z.enum(FAULT_MODES),
        rate: z.number().min(0).max(1).default(1),
        latencyMedianMs: z.number().int().min(0).max(60_000).nullable().default(null),
      }),
    )
    .mutation(({ ctx, input }) => setSandboxFault(ctx.deps, commandContext(ctx), input)),
  resetBreaker: permissionProcedure("lending.admin.manage")
    .input(z.object({ lenderCode }))
    .mutation(({ ctx, input }) => resetLenderBreaker(ctx.deps, commandContext(ctx), input.lenderCode)),
  reconciliation: permissionProcedure("lending.admin.read")
    .input(z.object({ status: z.enum(["OPEN", "RESOLVED"]).default("OPEN") }).default({ status: "OPEN" }))
    .query(({ ctx, input }) => listReconciliation(ctx.deps.db, input.status)),
  checkReconciliation: permissionProcedure("lending.admin.manage")
    .input(z.object({ itemId: id }))
    .mutation(({ ctx, input }) => checkReconciliation(ctx.deps, input.itemId, commandContext(ctx))),
  resolveReconciliation: permissionProcedure("lending.admin.manage")
    .input(z.object({ itemId: id, note: z.string().trim().min(5, "Say how it was resolved").max(300) }))
    .mutation(({ ctx, input }) => resolveReconciliationManually(ctx.deps, commandContext(ctx), input)),
  applications: permissionProcedure("lending.admin.read")
    .input(
      z
        .object({
          status: z
            .enum(["SUBMITTED", "IN_PROGRESS", "OFFERED", "ACCEPTED", "DECLINED", "EXPIRED", "CANCELLED"])
            .optional(),
          page: z.number().int().min(1).max(10_000).default(1),
          pageSize: z.number().int().min(5).max(100).default(20),
        })
        .default({ page: 1, pageSize: 20 }),
    )
    .query(({ ctx, input }) => listApplications(ctx.deps.db, input)),
  application: permissionProcedure("lending.admin.read")
    .input(z.object({ applicationId: id }))
    .query(({ ctx, input }) => getApplicationDetail(ctx.deps.db, input.applicationId)),
});

export const lendingRouter = router({ checkout: checkoutRouter, store: storeRouter, admin: adminRouter });
