/** The loan book's procedures (issue 4): KFS preview, the borrower's loans, the store's loans, the admin book. */
import { z } from "zod";
import { organisationScope, ownerScope } from "../../../auth/scope";
import { APP_LINK_TTL_SECONDS, signedDocumentPath } from "../../../loans/documents/links";
import { DPD_BUCKETS } from "../../../loans/domain/decide";
import { kfsPreviewInput, previewKfs } from "../../../loans/kfs.service";
import { businessDateOf, cancelLoanForRefund, levyCharge } from "../../../loans/loan-commands.service";
import { requestReminderBatch } from "../../../loans/ops.service";
import { PAYMENT_INTENTS, paymentDepsFrom, startLoanPayment } from "../../../loans/payments/payments.service";
import { rebuildLoanStates } from "../../../loans/projections.service";
import { reminderSchedule } from "../../../loans/reminders.service";
import {
  adminLoanDetail,
  borrowerDocumentId,
  borrowerLoanDetail,
  borrowerLoans,
  searchLoanBook,
  storeLoans,
} from "../../../loans/views.service";
import { commandContext, permissionProcedure, router } from "../../init";
import { loanApiRouter } from "./api";

const loanId = z.string().uuid("Unknown loan");

export const loansRouter = router({
  /** The REST loan-state API (OpenAPI 3.1 at /api/openapi.json). */
  api: loanApiRouter,

  /** The KFS of an offer before acceptance (checkout shows it; booking re-derives and compares it). */
  kfsPreview: permissionProcedure("loans.kfs.read")
    .input(kfsPreviewInput)
    .query(({ input }) => previewKfs(input)),

  /** The signed-in borrower's loans. */
  mine: permissionProcedure("loans.own.read").query(({ ctx }) =>
    borrowerLoans(ctx.deps.db, ownerScope(ctx.actor), businessDateOf(ctx.deps)),
  ),

  myLoan: permissionProcedure("loans.own.read")
    .input(z.object({ loanId }))
    .query(({ ctx, input }) =>
      borrowerLoanDetail(ctx.deps.db, ownerScope(ctx.actor), input.loanId, businessDateOf(ctx.deps)),
    ),

  /** A short-lived signed link to the borrower's agreement or no-dues certificate. */
  documentLink: permissionProcedure("loans.own.read")
    .input(z.object({ loanId, kind: z.enum(["AGREEMENT", "NO_DUES"]) }))
    .mutation(async ({ ctx, input }) => {
      const documentId = await borrowerDocumentId(
        ctx.deps.db,
        ownerScope(ctx.actor),
        input.loanId,
        input.kind,
      );
      return { url: signedDocumentPath(ctx.deps.secret, documentId, new Date(), APP_LINK_TTL_SECONDS) };
    }),

  /** Starts a payment at the gateway (idempotent per client key); the app then opens `checkoutUrl`. */
  startPayment: permissionProcedure("loans.own.pay")
    .input(
      z.object({
        loanId,
        intent: z.enum(PAYMENT_INTENTS),
        amountPaise: z.bigint().positive().max(10_000_000_000n).optional(),
        idempotencyKey: z.string().min(8).max(128),
      }),
    )
    .mutation(({ ctx, input }) =>
      startLoanPayment(paymentDepsFrom(ctx.deps), commandContext(ctx), ownerScope(ctx.actor), input),
    ),

  /** Loans financed at the merchant's stores. */
  storeLoans: permissionProcedure("loans.store.read").query(({ ctx }) =>
    storeLoans(ctx.deps.db, organisationScope(ctx.actor), businessDateOf(ctx.deps)),
  ),

  /** The merchant cancels the purchase / takes the return: the refund closes the loan. */
  cancelForRefund: permissionProcedure("loans.store.refund")
    .input(z.object({ loanId, reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(200) }))
    .mutation(({ ctx, input }) =>
      cancelLoanForRefund(ctx.deps, commandContext(ctx), organisationScope(ctx.actor), input),
    ),

  /** The admin loan book with search and filters. */
  book: permissionProcedure("loans.book.read")
    .input(
      z.object({
        query: z.string().trim().max(100).optional(),
        lenderCode: z.string().max(40).optional(),
        merchantOrganisationId: z.string().uuid().optional(),
        status: z.enum(["ACTIVE", "CLOSED", "CANCELLED"]).optional(),
        bucket: z.enum(DPD_BUCKETS).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(5).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => searchLoanBook(ctx.deps.db, input, businessDateOf(ctx.deps))),

  detail: permissionProcedure("loans.book.read")
    .input(z.object({ loanId }))
    .query(({ ctx, input }) => adminLoanDetail(ctx.deps.db, input.loanId, businessDateOf(ctx.deps))),

  levyCharge: permissionProcedure("loans.book.manage")
    .input(
      z.object({
        loanId,
        code: z.string().trim().min(2).max(40),
        instalmentNumber: z.number().int().min(0).max(500).optional(),
      }),
    )
    .mutation(({ ctx, input }) => levyCharge(ctx.deps, commandContext(ctx), input)),

  /** Rebuilds loan_state from the events and reports any difference from the live projection. */
  checkProjection: permissionProcedure("loans.book.read")
    .input(z.object({ loanId: loanId.optional() }))
    .mutation(({ ctx, input }) =>
      rebuildLoanStates(ctx.deps.db, { loanIds: input.loanId ? [input.loanId] : undefined }),
    ),

  reminders: permissionProcedure("loans.book.read").query(({ ctx }) =>
    reminderSchedule(ctx.deps.db, businessDateOf(ctx.deps)),
  ),

  /** Runs the reminder batch now (as the 4 PM schedule would), for tomorrow's due date. */
  runReminders: permissionProcedure("loans.book.manage").mutation(({ ctx }) =>
    requestReminderBatch(ctx.deps, commandContext(ctx)),
  ),
});
