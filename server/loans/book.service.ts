/**
 * Booking: an accepted offer becomes a loan in the book. Idempotent per application (UNIQUE
 * application_id: at most one loan per application, ever; a repeat returns the first loan). The KFS the
 * borrower accepted is re-derived from the terms and must match the snapshot exactly; the loan, its
 * LoanBooked and Disbursed (to the merchant) events, their balanced postings, the audit lines and the
 * agreement-PDF job commit in one transaction.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { type AcceptedOffer, type AcceptedOfferInput, AcceptedOfferSchema } from "./contracts";
import { istDateOf } from "./domain/dates";
import { bookingEvents } from "./domain/decide";
import { toJsonSafe } from "./domain/json";
import { buildKeyFactStatement, KfsError, kfsDiscrepancies, kfsFromJson } from "./domain/kfs";
import { quoteLoan } from "./domain/quote";
import { appendLoanEvents, dateOf } from "./event-store";
import { renderAgreementJob } from "./jobs";

export interface BookedLoan {
  loanId: string;
  reference: string;
  /** false when the application already had a loan (this call changed nothing). */
  created: boolean;
}

function newReference(): string {
  return `FLX-${randomBytes(5).toString("hex").toUpperCase()}`;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  const message = String((error as { message?: string })?.message ?? "");
  return code === "P2002" || message.includes("23505") || message.includes("Unique constraint");
}

async function existingLoan(db: Db, applicationId: string): Promise<BookedLoan | null> {
  const loan = await db.loan.findUnique({ where: { applicationId }, select: { id: true, reference: true } });
  return loan ? { loanId: loan.id, reference: loan.reference, created: false } : null;
}

/** Checks the snapshot against the KFS the terms produce; returns the parsed offer and its quote. */
export function verifyAcceptedOffer(input: AcceptedOfferInput | AcceptedOffer) {
  const parsed = AcceptedOfferSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "BAD_REQUEST",
      `The accepted offer is not valid: ${parsed.error.issues[0]?.message ?? "check it"}`,
      {
        cause: parsed.error,
      },
    );
  }
  const offer = parsed.data;
  const quote = quoteLoan(offer.terms);
  const snapshot = kfsFromJson(offer.kfs.snapshot);
  let expected: ReturnType<typeof buildKeyFactStatement>;
  try {
    const { loanReference: _ignored, ...lender } = offer.lender;
    expected = buildKeyFactStatement({
      proposalNumber: offer.proposalNumber,
      issuedAt: offer.kfs.issuedAt,
      validUntil: offer.kfs.validUntil,
      lender,
      borrower: { name: offer.borrower.name, phone: offer.borrower.phone },
      merchant: snapshot.merchant ?? null,
      terms: offer.terms,
      coolingOffDays: offer.coolingOffDays,
      quote,
    });
  } catch (error) {
    if (error instanceof KfsError) throw new AppError("UNPROCESSABLE", error.message, { cause: error });
    throw error;
  }
  const problems = kfsDiscrepancies(snapshot, expected);
  if (problems.length) {
    throw new AppError(
      "UNPROCESSABLE",
      `The Key Fact Statement accepted does not match the loan's terms (${problems.join(", ")}).`,
      { details: { problems } },
    );
  }
  if (istDateOf(offer.acceptedAt) > offer.kfs.validUntil) {
    throw new AppError(
      "UNPROCESSABLE",
      `The offer's KFS expired on ${offer.kfs.validUntil}; a new offer is needed.`,
    );
  }
  return { offer, quote, kfs: expected };
}

export async function bookLoanFromAcceptedOffer(
  deps: { db: Db },
  ctx: CommandContext,
  input: AcceptedOfferInput | AcceptedOffer,
): Promise<BookedLoan> {
  const already = await existingLoan(
    deps.db,
    String((input as { applicationId?: unknown }).applicationId ?? ""),
  );
  if (already) return already;
  const { offer, quote, kfs } = verifyAcceptedOffer(input);
  try {
    return await runCommand(deps, ctx, async (uow) => {
      const { tx, audit, emit, now } = uow;
      const loan = await tx.loan.create({
        data: {
          applicationId: offer.applicationId,
          offerId: offer.offerId,
          proposalNumber: offer.proposalNumber,
          reference: newReference(),
          lenderCode: offer.lender.code,
          lenderName: offer.lender.name,
          lenderLoanReference: offer.lender.loanReference,
          borrowerUserId: offer.borrower.userId,
          borrowerName: offer.borrower.name,
          borrowerPhone: offer.borrower.phone,
          borrowerEmail: offer.borrower.email,
          merchantOrganisationId: offer.merchant.organisationId,
          storeId: offer.merchant.storeId,
          purchaseDescription: offer.merchant.purchaseDescription,
          principalPaise: offer.terms.principalPaise,
          emiPaise: quote.emiPaise,
          annualRateBps: offer.terms.annualRateBps,
          aprBps: quote.aprBps,
          tenor: quote.instalmentCount,
          disbursalDate: dateOf(offer.terms.disbursalDate),
          maturityDate: dateOf(quote.maturityDate),
          coolingOffDays: offer.coolingOffDays,
          terms: toJsonSafe(offer.terms) as object,
          kfs: toJsonSafe(kfs) as object,
          kfsVersion: offer.kfs.version,
          acceptedAt: offer.acceptedAt,
          createdAt: now,
        },
        select: { id: true, reference: true },
      });
      await appendLoanEvents(uow, {
        loanId: loan.id,
        expectedVersion: 0,
        before: null,
        bodies: bookingEvents({
          loanId: loan.id,
          applicationId: offer.applicationId,
          proposalNumber: offer.proposalNumber,
          terms: quote.terms,
          schedule: quote.schedule.rows,
          coolingOffDays: offer.coolingOffDays,
          merchantOrganisationId: offer.merchant.organisationId,
          storeId: offer.merchant.storeId,
          lenderLoanReference: offer.lender.loanReference,
        }),
        businessDate: offer.terms.disbursalDate,
      });
      audit({
        action: "loan.booked",
        entityType: "loan",
        entityId: loan.id,
        after: {
          reference: loan.reference,
          applicationId: offer.applicationId,
          proposalNumber: offer.proposalNumber,
          lender: offer.lender.code,
          principalPaise: offer.terms.principalPaise,
          aprBps: quote.aprBps,
        },
      });
      emit(renderAgreementJob, { loanId: loan.id }, { jobId: `loans.agreement.${loan.id}` });
      return { loanId: loan.id, reference: loan.reference, created: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await existingLoan(deps.db, offer.applicationId);
      if (winner) return winner;
      throw new AppError(
        "CONFLICT",
        `Proposal ${offer.proposalNumber} was already booked for another application.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
