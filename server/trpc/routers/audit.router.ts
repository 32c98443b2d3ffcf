import { z } from "zod";
import { searchAuditEvents } from "../../platform/audit/audit-search";
import {
  listAuditVerifications,
  requestAuditVerification,
} from "../../platform/audit/audit-verification.service";
import { commandContext, permissionProcedure, router } from "../init";

export const auditRouter = router({
  search: permissionProcedure("audit.read")
    .input(
      z.object({
        text: z.string().trim().max(200).optional(),
        action: z.string().trim().max(100).optional(),
        entityType: z.string().trim().max(100).optional(),
        entityId: z.string().trim().max(200).optional(),
        actorId: z.string().trim().max(200).optional(),
        correlationId: z.string().trim().max(200).optional(),
        from: z.date().optional(),
        to: z.date().optional(),
        /** Older than this event id (keyset pagination; named `cursor` for infinite queries). */
        cursor: z
          .string()
          .regex(/^\d{1,19}$/)
          .nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      searchAuditEvents(ctx.deps.db, { ...input, before: input.cursor ? BigInt(input.cursor) : undefined }),
    ),

  verifications: permissionProcedure("audit.read").query(({ ctx }) => listAuditVerifications(ctx.deps.db)),

  /** Starts a full verification of the hash chains (runs in the workers; poll `verifications`). */
  verify: permissionProcedure("audit.verify").mutation(({ ctx }) =>
    requestAuditVerification(ctx.deps, commandContext(ctx)),
  ),
});
