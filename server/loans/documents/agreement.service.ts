/**
 * Issues a loan's documents (the agreement on booking, the no-dues certificate on closure): render in the
 * PDF worker's warm pool, watermark, sign, store with its SHA-256 (on the loan too for the agreement), and
 * send a short-lived signed link to the borrower's phone and email. One document per loan and kind
 * (UNIQUE (loan_id, kind)): a retried or duplicated job finds it and does nothing more.
 */
import { createHash } from "node:crypto";
import { queueEmail, queueSms } from "../../messaging/messages.service";
import type { BusinessClock } from "../../platform/business-clock";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { type CommandContext, runCommand } from "../../platform/unit-of-work";
import { projectionFromJson } from "../domain/events";
import { kfsFromJson } from "../domain/kfs";
import { agreementHtml, noDuesHtml } from "./agreement-html";
import { SENT_LINK_TTL_SECONDS, signedDocumentPath } from "./links";
import { watermarkAndSign } from "./signing";

export type DocumentKind = "AGREEMENT" | "NO_DUES";

export interface DocumentDeps {
  db: Db;
  clock: BusinessClock | { now(): Date };
  pdf: { render(html: string): Promise<{ pdf: Uint8Array }> };
  linkSecret: string;
  appUrl: string;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  const message = String((error as { message?: string })?.message ?? "");
  return code === "P2002" || message.includes("23505") || message.includes("Unique constraint");
}

export interface IssuedDocument {
  documentId: string;
  sha256: string;
  pageCount: number;
  created: boolean;
}

async function issueDocument(
  deps: DocumentDeps,
  ctx: CommandContext,
  loanId: string,
  kind: DocumentKind,
): Promise<IssuedDocument> {
  const existing = await deps.db.loanDocument.findUnique({
    where: { loanId_kind: { loanId, kind } },
    select: { id: true, sha256: true, pageCount: true },
  });
  if (existing)
    return {
      documentId: existing.id,
      sha256: existing.sha256,
      pageCount: existing.pageCount,
      created: false,
    };
  const loan = await deps.db.loan.findUnique({ where: { id: loanId }, include: { state: true } });
  if (!loan?.state) throw new AppError("NOT_FOUND", `loan ${loanId} does not exist`);
  const now = deps.clock.now();
  let html: string;
  if (kind === "AGREEMENT") {
    html = agreementHtml(kfsFromJson(loan.kfs), loan);
  } else {
    if (loan.state.status === "ACTIVE")
      throw new AppError("PRECONDITION_FAILED", "The loan is not closed yet.");
    const state = projectionFromJson(loan.state.state);
    html = noDuesHtml({
      reference: loan.reference,
      lenderName: loan.lenderName,
      lenderLoanReference: loan.lenderLoanReference,
      borrowerName: loan.borrowerName,
      borrowerPhone: loan.borrowerPhone,
      principalPaise: loan.principalPaise,
      disbursalDate: loan.disbursalDate.toISOString().slice(0, 10),
      closedOn: state.closedOn ?? now.toISOString().slice(0, 10),
      closureReason: state.closureReason ?? "Closed",
      totalPaidPaise: state.received.totalPaise,
      refundDuePaise: state.refundDuePaise,
      issuedAt: now,
    });
  }
  const rendered = await deps.pdf.render(html);
  const signed = await watermarkAndSign(rendered.pdf, {
    watermark: `FLUX ${loan.reference} · SIGNED COPY`,
    reason:
      kind === "AGREEMENT" ? `Loan agreement ${loan.reference}` : `No-dues certificate ${loan.reference}`,
    signingTime: now,
  });
  const sha256 = createHash("sha256").update(signed.bytes).digest("hex");
  try {
    return await runCommand(deps, ctx, async (uow) => {
      const document = await uow.tx.loanDocument.create({
        data: {
          loanId,
          kind,
          sha256,
          bytes: new Uint8Array(signed.bytes),
          sizeBytes: signed.bytes.length,
          pageCount: signed.pageCount,
          createdAt: uow.now,
        },
        select: { id: true },
      });
      if (kind === "AGREEMENT") {
        await uow.tx.loan.update({ where: { id: loanId }, data: { agreementSha256: sha256 } });
      }
      const link = `${deps.appUrl}${signedDocumentPath(deps.linkSecret, document.id, uow.now, SENT_LINK_TTL_SECONDS)}`;
      const what = kind === "AGREEMENT" ? "loan agreement" : "no-dues certificate";
      await queueSms(uow, {
        to: loan.borrowerPhone,
        template: kind === "AGREEMENT" ? "loans.agreement" : "loans.no-dues",
        body: `Flux: your signed ${what} for loan ${loan.reference} is ready: ${link} (valid 24 hours; also in the Flux app).`,
        preview: `Your signed ${what} for loan ${loan.reference} (signed link)`,
      });
      if (loan.borrowerEmail) {
        await queueEmail(uow, {
          to: loan.borrowerEmail,
          template: kind === "AGREEMENT" ? "loans.agreement" : "loans.no-dues",
          subject: `Your ${what} for loan ${loan.reference}`,
          text: `Hello ${loan.borrowerName},\n\nYour digitally signed ${what} for loan ${loan.reference} (${loan.lenderName}) is ready.\nDownload it here within 24 hours: ${link}\nSHA-256: ${sha256}\n\nYou can also download it any time from the Flux app.\n\nFlux`,
          preview: `Your signed ${what} for loan ${loan.reference}`,
        });
      }
      uow.audit({
        action: kind === "AGREEMENT" ? "loan.agreement_issued" : "loan.no_dues_issued",
        entityType: "loan",
        entityId: loanId,
        data: {
          documentId: document.id,
          sha256,
          pageCount: signed.pageCount,
          sizeBytes: signed.bytes.length,
        },
      });
      return { documentId: document.id, sha256, pageCount: signed.pageCount, created: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await deps.db.loanDocument.findUnique({ where: { loanId_kind: { loanId, kind } } });
      if (winner)
        return { documentId: winner.id, sha256: winner.sha256, pageCount: winner.pageCount, created: false };
    }
    throw error;
  }
}

export function issueAgreement(deps: DocumentDeps, ctx: CommandContext, loanId: string) {
  return issueDocument(deps, ctx, loanId, "AGREEMENT");
}

export function issueNoDuesCertificate(deps: DocumentDeps, ctx: CommandContext, loanId: string) {
  return issueDocument(deps, ctx, loanId, "NO_DUES");
}
