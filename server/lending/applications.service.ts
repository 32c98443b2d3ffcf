/**
 * Checkout applications from the shopper's and the store's side: start (every check before any lender is
 * asked), live progress, offers with their KFS, idempotent acceptance, cancellation; the store's QR links
 * and its live list of applications.
 */
import { randomBytes } from "node:crypto";
import type { AcceptedOfferInput } from "@/server/loans/contracts";
import { KFS_TEMPLATE_VERSION, kfsFromJson } from "@/server/loans/domain/kfs";
import { formatRupees } from "@/server/loans/domain/money";
import { bookOfferJob, bookOfferJobId } from "@/server/loans/jobs";
import type { OrganisationScope, OwnerScope } from "../auth/scope";
import type { Db, Prisma } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { runIdempotentCommand } from "../platform/idempotency/idempotency";
import { type CommandContext, runCommand, type UnitOfWork } from "../platform/unit-of-work";
import { encryptSecret } from "./connectors/secrets";
import { ageInIst } from "./domain/age";
import { ORDERING_DISCLOSURE } from "./domain/offers";
import { advanceApplicationJob, releaseOfferJob } from "./jobs";
import { finish, type Plan } from "./orchestrator/orchestrator";
import { newNonce, paiseToRupeesText, qrLinkPath, rupeesToPaise, verifyQrSignature } from "./qr-link";
import { type ApplicantInput, applicantSchema, BUREAU_CONSENT_TEXT, type QrLinkInput } from "./schemas";

export interface CheckoutDeps {
  db: Db;
  secret: string;
}

/** How long lenders have to decide (the in-store promise is an answer within a minute). */
export const DECISION_DEADLINE_MS = 50_000;
/** Lender calls one application may make, retries and status inquiries included. */
export const CALL_BUDGET = 16;
/** How long a QR code the store generates stays valid. */
export const QR_VALIDITY_MS = 30 * 60_000;

/** ₹45,000 or ₹45,000.50: paise shown only when there are any. */
function rupees(paise: bigint): string {
  return formatRupees(paise, { decimals: paise % 100n !== 0n });
}

/** Refuses a request: an audit line records it (nothing else is written), then the clear error. */
async function refuse(
  deps: CheckoutDeps,
  ctx: CommandContext,
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
): Promise<never> {
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({
      action: "lending.application.refused",
      entityType: "checkout_request",
      entityId: ctx.correlationId,
      after: { reason, ...details },
    });
  }).catch(() => undefined);
  throw new AppError("BAD_REQUEST", message, { details: { reason, ...details } });
}

export interface VerifiedLink {
  store: {
    id: string;
    code: string;
    name: string;
    organisationId: string;
    minTicketPaise: bigint;
    maxTicketPaise: bigint;
    lendingMode: string;
  };
  amountPaise: bigint;
  item: string;
  nonce: string;
  expiresAt: Date;
}

/** Checks a scanned QR link: signature, expiry, store and the store's amount limits. */
export async function verifyLink(
  deps: CheckoutDeps,
  ctx: CommandContext,
  link: QrLinkInput,
): Promise<VerifiedLink> {
  const amountPaise = rupeesToPaise(link.amount);
  const exp = /^\d{1,12}$/.test(link.exp) ? Number(link.exp) : Number.NaN;
  if (amountPaise === null || !Number.isFinite(exp))
    return refuse(
      deps,
      ctx,
      "malformed_link",
      "This QR link is incomplete. Ask the store to show the code again.",
    );
  const fields = {
    storeCode: link.storeCode,
    amountPaise,
    item: link.item,
    expiresAt: new Date(exp * 1000),
    nonce: link.nonce,
  };
  if (!verifyQrSignature(deps.secret, fields, link.sig))
    return refuse(
      deps,
      ctx,
      "tampered_link",
      "This QR link was changed after the store created it (for example the amount), so it cannot be used. Ask the store for a new code.",
      { storeCode: link.storeCode },
    );
  if (fields.expiresAt.getTime() < ctx.clock.now().getTime())
    return refuse(
      deps,
      ctx,
      "expired_link",
      "This QR code has expired. Ask the store to generate a new one.",
      {
        storeCode: link.storeCode,
      },
    );
  const store = await deps.db.store.findUnique({ where: { code: link.storeCode } });
  if (!store)
    return refuse(deps, ctx, "unknown_store", "We do not know this store. Ask the store for a new code.");
  if (amountPaise < store.minTicketPaise || amountPaise > store.maxTicketPaise)
    return refuse(
      deps,
      ctx,
      "amount_outside_limits",
      `EMI at ${store.name} is available for purchases from ${rupees(store.minTicketPaise)} to ${rupees(store.maxTicketPaise)}.`,
      { amountPaise: amountPaise.toString() },
    );
  return {
    store,
    amountPaise,
    item: link.item || "Purchase at the store",
    nonce: link.nonce,
    expiresAt: fields.expiresAt,
  };
}

/** What the checkout shows before the form: store, amount, item (and a clear error for a bad link). */
export async function describeLink(deps: CheckoutDeps, ctx: CommandContext, link: QrLinkInput) {
  const verified = await verifyLink(deps, ctx, link);
  return {
    storeName: verified.store.name,
    storeCode: verified.store.code,
    amountPaise: verified.amountPaise,
    item: verified.item,
    mode: verified.store.lendingMode,
    expiresAt: verified.expiresAt,
  };
}

function newReference(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(9);
  return `A${[...bytes].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

export async function startApplication(
  deps: CheckoutDeps,
  ctx: CommandContext,
  owner: OwnerScope,
  input: { link: QrLinkInput; applicant: ApplicantInput },
): Promise<{ applicationId: string; reference: string; resumed: boolean }> {
  const link = await verifyLink(deps, ctx, input.link);
  const parsed = applicantSchema.safeParse(input.applicant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse(deps, ctx, "invalid_applicant", issue.message, { field: issue.path.join(".") });
  }
  const applicant = parsed.data;
  const now = ctx.clock.now();
  if (applicant.dateOfBirth > now.toISOString().slice(0, 10))
    return refuse(deps, ctx, "invalid_applicant", "Your date of birth cannot be in the future.", {
      field: "dateOfBirth",
    });
  const age = ageInIst(applicant.dateOfBirth, now);
  if (age < 18)
    return refuse(
      deps,
      ctx,
      "under_age",
      "You must be 18 or older to take an EMI loan. Please pay another way today.",
      {
        field: "dateOfBirth",
      },
    );
  if (age > 100)
    return refuse(deps, ctx, "invalid_applicant", "Check your date of birth: it gives an age over 100.", {
      field: "dateOfBirth",
    });

  const existing = await deps.db.loanApplication.findUnique({ where: { qrNonce: link.nonce } });
  if (existing) {
    if (existing.shopperUserId !== owner.userId)
      return refuse(
        deps,
        ctx,
        "link_used",
        "This QR code was already used for another application. Ask the store for a new code.",
      );
    return { applicationId: existing.id, reference: existing.reference, resumed: true };
  }
  const pan = applicant.pan;
  const created = await runCommand(deps, ctx, async ({ tx, audit, emit, now: at }) => {
    const rows = await tx.loanApplication.createManyAndReturn({
      data: {
        reference: newReference(),
        shopperUserId: owner.userId,
        organisationId: link.store.organisationId,
        storeId: link.store.id,
        ticketPaise: link.amountPaise,
        item: link.item.slice(0, 200),
        mode: link.store.lendingMode as "WATERFALL",
        qrNonce: link.nonce,
        panCiphertext: encryptSecret(pan),
        panMasked: `${pan.slice(0, 2)}XXX${pan.slice(5, 6)}XX${pan.slice(8, 9)}${pan.slice(9)}`,
        dateOfBirth: applicant.dateOfBirth,
        monthlyIncomePaise: BigInt(applicant.monthlyIncomeRupees) * 100n,
        employmentType: applicant.employmentType,
        pincode: applicant.pincode,
        bureauConsentAt: at,
        bureauConsentText: BUREAU_CONSENT_TEXT,
        deadlineAt: new Date(at.getTime() + DECISION_DEADLINE_MS),
        callBudget: CALL_BUDGET,
      },
      skipDuplicates: true,
      select: { id: true, reference: true },
    });
    const row = rows[0];
    if (!row) return null; // the same QR code submitted twice at once: the other request created it
    emit(advanceApplicationJob, { applicationId: row.id }, { jobId: `lending-advance-${row.id}-start` });
    audit({
      action: "lending.application.submitted",
      entityType: "loan_application",
      entityId: row.id,
      after: {
        reference: row.reference,
        storeCode: link.store.code,
        ticketPaise: link.amountPaise.toString(),
        mode: link.store.lendingMode,
        bureauConsent: { at: at.toISOString(), text: BUREAU_CONSENT_TEXT },
      },
    });
    return row;
  });
  if (!created) {
    const winner = await deps.db.loanApplication.findUniqueOrThrow({ where: { qrNonce: link.nonce } });
    if (winner.shopperUserId !== owner.userId)
      throw new AppError(
        "CONFLICT",
        "This QR code was already used for another application. Ask the store for a new code.",
      );
    return { applicationId: winner.id, reference: winner.reference, resumed: true };
  }
  return { applicationId: created.id, reference: created.reference, resumed: false };
}

const LENDER_STEP_LABEL: Record<string, string> = {
  IN_FLIGHT: "Asking",
  APPROVED: "Approved",
  DECLINED: "Declined",
  RETRYABLE: "Busy, retrying",
  UNKNOWN: "No answer yet, checking",
  NOT_FOUND: "Did not receive it",
  CANCELLED: "Withdrawn",
  SKIPPED: "Unavailable right now",
  ERROR: "Could not be asked",
};

function presentOffer(offer: Prisma.LenderOfferGetPayload<object>) {
  return {
    id: offer.id,
    lenderCode: offer.lenderCode,
    lenderName: offer.lenderName,
    principalPaise: offer.principalPaise,
    tenorMonths: offer.tenorMonths,
    emiPaise: offer.emiPaise,
    annualRateBps: offer.annualRateBps,
    aprBps: offer.aprBps,
    processingFeePaise: offer.processingFeePaise,
    totalPayablePaise: offer.totalPayablePaise,
    totalCostPaise: offer.totalPayablePaise - offer.principalPaise,
    proposalNumber: offer.proposalNumber,
    kfsValidUntil: offer.kfsValidUntil,
    displayRank: offer.displayRank,
    status: offer.status,
  };
}

/** The shopper's own application: status, live per-lender progress, offers, decision. */
export async function getShopperApplication(db: Db, owner: OwnerScope, applicationId: string) {
  const app = await db.loanApplication.findFirst({
    where: { id: applicationId, shopperUserId: owner.userId },
    include: {
      store: { select: { name: true, code: true } },
      attempts: { orderBy: { startedAt: "asc" } },
      offers: true,
    },
  });
  if (!app) throw new AppError("NOT_FOUND", "We could not find that application.");
  const plan = (app.plan as unknown as Plan | null) ?? { lenders: [], ineligible: [] };
  const names = new Map(
    (await db.lenderConnector.findMany({ select: { code: true, name: true } })).map((c) => [c.code, c.name]),
  );
  const lenders = plan.lenders.map((entry) => {
    const attempts = app.attempts.filter((a) => a.lenderCode === entry.lenderCode && a.kind !== "CANCEL");
    const last = attempts.at(-1);
    const offered = app.offers.some((o) => o.lenderCode === entry.lenderCode);
    return {
      lenderCode: entry.lenderCode,
      lenderName: names.get(entry.lenderCode) ?? entry.lenderCode,
      rank: entry.rank,
      step: offered ? "Approved" : last ? (LENDER_STEP_LABEL[last.outcome] ?? last.outcome) : "Waiting",
    };
  });
  const visibleOffers = app.offers
    .filter((o) => (app.status === "ACCEPTED" ? o.status === "ACCEPTED" : o.status === "OFFERED"))
    .sort((a, b) => a.displayRank - b.displayRank);
  return {
    id: app.id,
    reference: app.reference,
    status: app.status,
    mode: app.mode,
    storeName: app.store.name,
    item: app.item,
    ticketPaise: app.ticketPaise,
    createdAt: app.createdAt,
    deadlineAt: app.deadlineAt,
    decidedAt: app.decidedAt,
    declineReason: app.declineReason,
    ruleVersion: app.ruleVersion,
    lenders,
    ineligibleCount: plan.ineligible.length,
    offers: app.status === "OFFERED" || app.status === "ACCEPTED" ? visibleOffers.map(presentOffer) : [],
    orderingDisclosure: app.mode === "ALL_OFFERS" ? ORDERING_DISCLOSURE : null,
    acceptedOfferId: app.acceptedOfferId,
  };
}

export async function getOfferKfs(db: Db, owner: OwnerScope, offerId: string) {
  const offer = await db.lenderOffer.findFirst({
    where: { id: offerId, application: { shopperUserId: owner.userId } },
    include: { application: { select: { id: true, reference: true } } },
  });
  if (!offer) throw new AppError("NOT_FOUND", "We could not find that Key Fact Statement.");
  return { applicationId: offer.application.id, lenderName: offer.lenderName, kfs: kfsFromJson(offer.kfs) };
}

/**
 * Accepts one offer. Idempotent twice over: the client's idempotency key replays a repeated request, and the
 * application row's compare-and-set (OFFERED → ACCEPTED, accepted_offer_id unique) makes a second
 * acceptance with another key impossible: at most one loan per application, ever.
 */
export async function acceptOffer(
  deps: CheckoutDeps,
  ctx: CommandContext,
  owner: OwnerScope,
  input: { applicationId: string; offerId: string; idempotencyKey: string },
) {
  const { response } = await runIdempotentCommand(
    deps,
    ctx,
    {
      key: input.idempotencyKey,
      operation: "lending.offer.accept",
      request: { applicationId: input.applicationId, offerId: input.offerId },
    },
    async ({ tx, audit, emit, now }) => {
      const app = await tx.loanApplication.findFirst({
        where: { id: input.applicationId, shopperUserId: owner.userId },
        include: { offers: true, store: true },
      });
      if (!app) throw new AppError("NOT_FOUND", "We could not find that application.");
      if (app.status === "ACCEPTED") {
        if (app.acceptedOfferId === input.offerId)
          return { applicationId: app.id, offerId: input.offerId, alreadyAccepted: true };
        throw new AppError("CONFLICT", "You already accepted another offer for this purchase.");
      }
      if (app.status !== "OFFERED")
        throw new AppError(
          "PRECONDITION_FAILED",
          "These offers are no longer open. Ask the store to start again.",
        );
      const offer = app.offers.find((o) => o.id === input.offerId && o.status === "OFFERED");
      if (!offer)
        throw new AppError("NOT_FOUND", "That offer is not available. Choose one of the offers shown.");
      const moved = await tx.loanApplication.updateMany({
        where: { id: app.id, status: "OFFERED", acceptedOfferId: null },
        data: { status: "ACCEPTED", acceptedOfferId: offer.id, decidedAt: now },
      });
      if (moved.count !== 1)
        throw new AppError("CONFLICT", "This application was just accepted. Refresh to see it.");
      await tx.lenderOffer.update({ where: { id: offer.id }, data: { status: "ACCEPTED" } });
      for (const other of app.offers.filter((o) => o.id !== offer.id && o.status === "OFFERED")) {
        await tx.lenderOffer.update({
          where: { id: other.id },
          data: { status: "RELEASED", releaseReason: "the shopper accepted another offer" },
        });
        emit(releaseOfferJob, { offerId: other.id }, { jobId: `lending-release-${other.id}` });
      }
      const shopper = await tx.user.findUniqueOrThrow({ where: { id: owner.userId } });
      const accepted = acceptedOfferPayload(app, offer, shopper, now);
      bookAcceptedOffer(emit, accepted);
      audit({
        action: "lending.offer.accepted",
        entityType: "loan_application",
        entityId: app.id,
        before: { status: "OFFERED" },
        after: {
          status: "ACCEPTED",
          offerId: offer.id,
          lenderCode: offer.lenderCode,
          proposalNumber: offer.proposalNumber,
          principalPaise: offer.principalPaise.toString(),
          released: app.offers.filter((o) => o.id !== offer.id).map((o) => o.lenderCode),
        },
      });
      return { applicationId: app.id, offerId: offer.id, alreadyAccepted: false };
    },
  );
  return response;
}

/** The loan book's contract for an accepted offer (server/loans/contracts.ts AcceptedOfferSchema). */
export function acceptedOfferPayload(
  app: { id: string; organisationId: string; storeId: string; item: string },
  offer: Prisma.LenderOfferGetPayload<object>,
  shopper: { id: string; name: string; phone: string | null; email: string | null },
  acceptedAt: Date,
): AcceptedOfferInput {
  const kfs = offer.kfs as Record<string, unknown>;
  const lender = (kfs.lender ?? {}) as {
    code: string;
    name: string;
    regulatoryStatus: string;
    grievanceOfficer: AcceptedOfferInput["lender"]["grievanceOfficer"];
  };
  return {
    applicationId: app.id,
    offerId: offer.id,
    lender: { ...lender, loanReference: offer.lenderReference },
    proposalNumber: offer.proposalNumber,
    borrower: { userId: shopper.id, name: shopper.name, phone: shopper.phone ?? "", email: shopper.email },
    merchant: {
      organisationId: app.organisationId,
      storeId: app.storeId,
      purchaseDescription: app.item.slice(0, 200),
    },
    terms: offer.terms as AcceptedOfferInput["terms"],
    kfs: {
      version: KFS_TEMPLATE_VERSION,
      snapshot: kfs,
      issuedAt: new Date(String(kfs.issuedAt ?? acceptedAt.toISOString())),
      validUntil: offer.kfsValidUntil,
    },
    coolingOffDays: Number((kfs.coolingOff as { days?: number } | undefined)?.days ?? 3),
    acceptedAt,
  };
}

/** Hands the accepted offer to the loan book (its job contract), in the acceptance transaction. */
function bookAcceptedOffer(emit: UnitOfWork["emit"], offer: AcceptedOfferInput): void {
  emit(bookOfferJob, offer as never, { jobId: bookOfferJobId(offer.applicationId) });
}

export async function cancelApplication(
  deps: CheckoutDeps,
  ctx: CommandContext,
  owner: OwnerScope,
  applicationId: string,
) {
  const app = await deps.db.loanApplication.findFirst({
    where: { id: applicationId, shopperUserId: owner.userId },
  });
  if (!app) throw new AppError("NOT_FOUND", "We could not find that application.");
  if (!["SUBMITTED", "IN_PROGRESS", "OFFERED"].includes(app.status))
    throw new AppError("PRECONDITION_FAILED", "This application has already ended.");
  await finish({ db: deps.db, clock: ctx.clock }, app, null, "CANCELLED", "You cancelled this application.");
  return { applicationId, status: "CANCELLED" as const };
}

/** The shopper's recent applications (checkout home). */
export async function listShopperApplications(db: Db, owner: OwnerScope) {
  const rows = await db.loanApplication.findMany({
    where: { shopperUserId: owner.userId },
    orderBy: { createdAt: "desc" },
    take: 10,
    include: { store: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    status: row.status,
    storeName: row.store.name,
    item: row.item,
    ticketPaise: row.ticketPaise,
    createdAt: row.createdAt,
  }));
}

// ───────────────────────────── store side ─────────────────────────────

export async function createQrLink(
  deps: CheckoutDeps,
  ctx: CommandContext,
  scope: OrganisationScope,
  input: { storeId: string; amount: string; item: string },
) {
  const store = await deps.db.store.findFirst({
    where: { id: input.storeId, organisationId: scope.organisationId },
  });
  if (!store) throw new AppError("NOT_FOUND", "Choose one of your stores.");
  const amountPaise = rupeesToPaise(input.amount);
  if (amountPaise === null)
    throw new AppError("BAD_REQUEST", "Enter the amount in rupees, e.g. 45000 or 45000.50");
  if (amountPaise < store.minTicketPaise || amountPaise > store.maxTicketPaise)
    throw new AppError(
      "BAD_REQUEST",
      `EMI at this store is available from ${rupees(store.minTicketPaise)} to ${rupees(store.maxTicketPaise)}.`,
      { details: { field: "amount" } },
    );
  const expiresAt = new Date(ctx.clock.now().getTime() + QR_VALIDITY_MS);
  const path = qrLinkPath(deps.secret, {
    storeCode: store.code,
    amountPaise,
    item: input.item,
    expiresAt,
    nonce: newNonce(),
  });
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({
      action: "lending.qr.created",
      entityType: "store",
      entityId: store.id,
      after: { amountPaise: amountPaise.toString(), item: input.item, expiresAt: expiresAt.toISOString() },
    });
  });
  return { path, amountText: paiseToRupeesText(amountPaise), expiresAt, storeName: store.name };
}

/** The store's applications today, newest first (the store view polls this every ~750 ms). */
export async function listStoreApplications(db: Db, scope: OrganisationScope, since: Date) {
  const rows = await db.loanApplication.findMany({
    where: { organisationId: scope.organisationId, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: {
      store: { select: { name: true, code: true } },
      offers: {
        where: { status: "ACCEPTED" },
        select: { lenderName: true, emiPaise: true, tenorMonths: true },
      },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    status: row.status,
    storeName: row.store.name,
    item: row.item,
    ticketPaise: row.ticketPaise,
    panMasked: row.panMasked,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    acceptedLender: row.offers[0]?.lenderName ?? null,
    emiPaise: row.offers[0]?.emiPaise ?? null,
    tenorMonths: row.offers[0]?.tenorMonths ?? null,
  }));
}

export async function listMyStores(db: Db, scope: OrganisationScope) {
  return db.store.findMany({
    where: { organisationId: scope.organisationId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      code: true,
      name: true,
      lendingMode: true,
      minTicketPaise: true,
      maxTicketPaise: true,
      merchantCategory: true,
    },
  });
}
