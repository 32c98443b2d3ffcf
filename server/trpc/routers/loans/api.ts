/**
 * The loan-state API a mobile app would use: the borrower's own loans over REST (/api/v1/...), described
 * by the OpenAPI 3.1 document at /api/openapi.json, both generated from these procedures
 * (trpc-to-openapi). The same guards and services as the app's tRPC procedures; JSON-safe outputs
 * (paise as digit strings, dates as ISO strings).
 */
import { z } from "zod";
import { ownerScope } from "../../../auth/scope";
import { APP_LINK_TTL_SECONDS, signedDocumentPath } from "../../../loans/documents/links";
import { businessDateOf } from "../../../loans/loan-commands.service";
import { PAYMENT_INTENTS, paymentDepsFrom, startLoanPayment } from "../../../loans/payments/payments.service";
import { borrowerDocumentId, borrowerLoanDetail, borrowerLoans } from "../../../loans/views.service";
import { commandContext, permissionProcedure, router } from "../../init";

const paise = z
  .string()
  .regex(/^-?\d+$/)
  .describe("Amount in paise (integer, as a string)");
const isoDate = z.string().describe("Date, YYYY-MM-DD");
const loanStatus = z.enum(["ACTIVE", "CLOSED", "CANCELLED"]);
const nextDue = z.object({ number: z.number().int(), dueDate: isoDate, amountPaise: paise }).nullable();

const loanSummary = z.object({
  id: z.string().uuid(),
  reference: z.string(),
  status: loanStatus,
  lenderName: z.string(),
  purchaseDescription: z.string(),
  principalPaise: paise,
  outstandingPrincipalPaise: paise,
  totalOutstandingPaise: paise,
  nextDue,
  daysPastDue: z.number().int(),
  bucket: z.string().nullable(),
});

const loanDetail = loanSummary.extend({
  businessDate: isoDate,
  annualRateBps: z.number().int(),
  aprBps: z.number().int(),
  emiPaise: paise,
  disbursalDate: isoDate,
  maturityDate: isoDate,
  paidPaise: paise,
  refundDuePaise: paise,
  closedOn: isoDate.nullable(),
  closureReason: z.string().nullable(),
  schedule: z.array(
    z.object({
      number: z.number().int(),
      dueDate: isoDate,
      totalPaise: paise,
      paidPaise: paise,
      status: z.enum(["PAID", "PART_PAID", "DUE", "OVERDUE", "UPCOMING"]),
    }),
  ),
  foreclosurePaise: paise.nullable(),
  coolingOff: z.object({ eligible: z.boolean(), until: isoDate, payablePaise: paise }).nullable(),
  documents: z.array(z.object({ kind: z.enum(["AGREEMENT", "NO_DUES"]), sha256: z.string() })),
});

const s = (value: bigint) => value.toString();
const d = (value: Date) => value.toISOString().slice(0, 10);

type Summary = Awaited<ReturnType<typeof borrowerLoans>>[number];
function summaryOut(loan: Summary | Awaited<ReturnType<typeof borrowerLoanDetail>>) {
  return {
    id: loan.id,
    reference: loan.reference,
    status: loan.status,
    lenderName: loan.lenderName,
    purchaseDescription: loan.purchaseDescription,
    principalPaise: s(loan.principalPaise),
    outstandingPrincipalPaise: s(loan.outstandingPrincipalPaise),
    totalOutstandingPaise: s(loan.totalOutstandingPaise),
    nextDue: loan.nextDue ? { ...loan.nextDue, amountPaise: s(loan.nextDue.amountPaise) } : null,
    daysPastDue: loan.dpd,
    bucket: loan.bucket,
  };
}

export const loanApiRouter = router({
  list: permissionProcedure("loans.own.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/loans",
        tags: ["loans"],
        summary: "The signed-in borrower's loans",
        protect: true,
      },
    })
    .input(z.object({}))
    .output(z.object({ loans: z.array(loanSummary) }))
    .query(async ({ ctx }) => ({
      loans: (await borrowerLoans(ctx.deps.db, ownerScope(ctx.actor), businessDateOf(ctx.deps))).map(
        summaryOut,
      ),
    })),

  get: permissionProcedure("loans.own.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/loans/{loanId}",
        tags: ["loans"],
        summary: "One loan: amounts, schedule with statuses, payoff and cooling-off quotes",
        protect: true,
      },
    })
    .input(z.object({ loanId: z.string().uuid() }))
    .output(loanDetail)
    .query(async ({ ctx, input }) => {
      const loan = await borrowerLoanDetail(
        ctx.deps.db,
        ownerScope(ctx.actor),
        input.loanId,
        businessDateOf(ctx.deps),
      );
      return {
        ...summaryOut(loan),
        businessDate: loan.businessDate,
        annualRateBps: loan.annualRateBps,
        aprBps: loan.aprBps,
        emiPaise: s(loan.emiPaise),
        disbursalDate: d(loan.disbursalDate),
        maturityDate: d(loan.maturityDate),
        paidPaise: s(loan.paidPaise),
        refundDuePaise: s(loan.refundDuePaise),
        closedOn: loan.closedOn,
        closureReason: loan.closureReason,
        schedule: loan.schedule.map((row) => ({
          number: row.number,
          dueDate: row.dueDate,
          totalPaise: s(row.totalPaise),
          paidPaise: s(row.paidPaise),
          status: row.status,
        })),
        foreclosurePaise: loan.foreclosure ? s(loan.foreclosure.payablePaise) : null,
        coolingOff: loan.coolingOff
          ? {
              eligible: loan.coolingOff.eligible,
              until: loan.coolingOff.until,
              payablePaise: s(loan.coolingOff.payablePaise),
            }
          : null,
        documents: loan.documents.map((document) => ({ kind: document.kind, sha256: document.sha256 })),
      };
    }),

  pay: permissionProcedure("loans.own.pay")
    .meta({
      openapi: {
        method: "POST",
        path: "/loans/{loanId}/payments",
        tags: ["payments"],
        summary: "Start a payment (EMI, prepayment, foreclosure, cooling-off exit); open checkoutUrl to pay",
        protect: true,
      },
    })
    .input(
      z.object({
        loanId: z.string().uuid(),
        intent: z.enum(PAYMENT_INTENTS),
        amountPaise: z
          .string()
          .regex(/^\d{1,13}$/)
          .optional(),
        idempotencyKey: z.string().min(8).max(128),
      }),
    )
    .output(
      z.object({
        paymentId: z.string().uuid(),
        orderId: z.string(),
        checkoutUrl: z.string().url(),
        amountPaise: paise,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const started = await startLoanPayment(
        paymentDepsFrom(ctx.deps),
        commandContext(ctx),
        ownerScope(ctx.actor),
        {
          ...input,
          amountPaise: input.amountPaise ? BigInt(input.amountPaise) : undefined,
        },
      );
      return { ...started, amountPaise: s(started.amountPaise) };
    }),

  document: permissionProcedure("loans.own.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/loans/{loanId}/documents/{kind}",
        tags: ["documents"],
        summary: "A short-lived signed link to the signed agreement or the no-dues certificate",
        protect: true,
      },
    })
    .input(z.object({ loanId: z.string().uuid(), kind: z.enum(["AGREEMENT", "NO_DUES"]) }))
    .output(z.object({ url: z.string(), expiresInSeconds: z.number().int() }))
    .query(async ({ ctx, input }) => {
      const documentId = await borrowerDocumentId(
        ctx.deps.db,
        ownerScope(ctx.actor),
        input.loanId,
        input.kind,
      );
      return {
        url: signedDocumentPath(ctx.deps.secret, documentId, new Date(), APP_LINK_TTL_SECONDS),
        expiresInSeconds: APP_LINK_TTL_SECONDS,
      };
    }),
});
