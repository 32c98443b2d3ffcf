/**
 * Read models for the borrower (checkout PWA), the merchant (store view) and operations (admin loan book).
 * Reads are scoped: a borrower reaches only loans whose borrower is them, a merchant only loans from its
 * organisation's stores.
 */
import type { OrganisationScope, OwnerScope } from "../auth/scope";
import type { Db, Prisma } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { addDays, type IsoDate } from "./domain/dates";
import {
  type DpdBucket,
  daysPastDue,
  dpdBucket,
  dueDateRangeForBucket,
  quoteCoolingOff,
  quoteForeclosure,
} from "./domain/decide";
import {
  eventBodyFromJson,
  type LoanProjection,
  nextDue,
  projectionFromJson,
  unpaidOf,
} from "./domain/events";
import { dateOf, isoDateOf } from "./event-store";
import { verifyLoanEvents } from "./integrity.service";
import { loadHeaderFrom } from "./loan-commands.service";

export type InstalmentStatus = "PAID" | "PART_PAID" | "DUE" | "OVERDUE" | "UPCOMING";

export function instalmentStatus(
  row: LoanProjection["instalments"][number],
  businessDate: IsoDate,
): InstalmentStatus {
  const unpaid = unpaidOf(row);
  if (unpaid === 0n) return "PAID";
  if (row.dueDate < businessDate) return "OVERDUE";
  if (row.dueDate === businessDate) return "DUE";
  const paid = row.principalPaidPaise + row.interestPaidPaise + row.feesPaidPaise;
  return paid > 0n ? "PART_PAID" : "UPCOMING";
}

function summary(state: LoanProjection, businessDate: IsoDate) {
  const dpd = daysPastDue(state, businessDate);
  const next = state.status === "ACTIVE" ? nextDue(state, businessDate) : null;
  return {
    status: state.status,
    outstandingPrincipalPaise: state.instalments.reduce(
      (s, r) => s + r.principalDuePaise - r.principalPaidPaise,
      0n,
    ),
    totalOutstandingPaise:
      state.instalments.reduce((s, r) => s + unpaidOf(r), 0n) +
      state.charges.reduce((s, c) => s + c.amountPaise - c.paidPaise, 0n),
    paidPaise: state.received.totalPaise,
    refundDuePaise: state.refundDuePaise,
    suspensePaise: state.suspensePaise,
    nextDue: next ? { number: next.number, dueDate: next.dueDate, amountPaise: unpaidOf(next) } : null,
    dpd,
    bucket: state.status === "ACTIVE" ? dpdBucket(dpd) : null,
    closedOn: state.closedOn,
    closureReason: state.closureReason,
  };
}

const headerSelect = {
  id: true,
  reference: true,
  lenderCode: true,
  lenderName: true,
  lenderLoanReference: true,
  purchaseDescription: true,
  principalPaise: true,
  emiPaise: true,
  annualRateBps: true,
  aprBps: true,
  tenor: true,
  disbursalDate: true,
  maturityDate: true,
  coolingOffDays: true,
  createdAt: true,
  borrowerName: true,
  borrowerPhone: true,
  borrowerUserId: true,
  merchantOrganisationId: true,
  storeId: true,
  agreementSha256: true,
  proposalNumber: true,
  applicationId: true,
} satisfies Prisma.LoanSelect;

export async function borrowerLoans(db: Db, owner: OwnerScope, businessDate: IsoDate) {
  const loans = await db.loan.findMany({
    where: { borrowerUserId: owner.userId },
    select: { ...headerSelect, state: { select: { state: true } } },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return loans.map(({ state, ...loan }) => ({
    ...loan,
    ...summary(projectionFromJson(state?.state), businessDate),
  }));
}

async function loanDetail(db: Db, where: Prisma.LoanWhereInput, businessDate: IsoDate) {
  const loan = await db.loan.findFirst({
    where,
    select: {
      ...headerSelect,
      terms: true,
      state: { select: { state: true, version: true } },
      documents: {
        select: { id: true, kind: true, createdAt: true, sha256: true, pageCount: true, sizeBytes: true },
      },
      payments: {
        select: {
          id: true,
          intent: true,
          expectedPaise: true,
          receivedPaise: true,
          status: true,
          flagReason: true,
          createdAt: true,
          settledAt: true,
        },
        orderBy: { createdAt: "desc" },
        take: 20,
      },
    },
  });
  if (!loan?.state) throw new AppError("NOT_FOUND", "There is no such loan.");
  const state = projectionFromJson(loan.state.state);
  const header = loadHeaderFrom(loan);
  const { terms: _terms, state: _state, ...rest } = loan;
  return {
    ...rest,
    version: loan.state.version,
    ...summary(state, businessDate),
    businessDate,
    schedule: state.instalments.map((row) => ({
      number: row.number,
      dueDate: row.dueDate,
      principalPaise: row.principalDuePaise,
      interestPaise: row.interestDuePaise,
      feesPaise: row.feesDuePaise,
      totalPaise: row.principalDuePaise + row.interestDuePaise + row.feesDuePaise,
      paidPaise: row.principalPaidPaise + row.interestPaidPaise + row.feesPaidPaise,
      status: instalmentStatus(row, businessDate),
    })),
    charges: state.charges,
    prepayments: state.prepayments,
    coolingOff: state.status === "ACTIVE" ? quoteCoolingOff(state, loan.aprBps, businessDate) : null,
    foreclosure:
      state.status === "ACTIVE"
        ? quoteForeclosure(state, header.terms.contingentCharges, businessDate)
        : null,
    contingentCharges: header.terms.contingentCharges.map((charge) => ({
      code: charge.code,
      name: charge.name,
    })),
  };
}

export function borrowerLoanDetail(db: Db, owner: OwnerScope, loanId: string, businessDate: IsoDate) {
  return loanDetail(db, { id: loanId, borrowerUserId: owner.userId }, businessDate);
}

export async function borrowerDocumentId(
  db: Db,
  owner: OwnerScope,
  loanId: string,
  kind: "AGREEMENT" | "NO_DUES",
) {
  const document = await db.loanDocument.findFirst({
    where: { loanId, kind, loan: { borrowerUserId: owner.userId } },
    select: { id: true },
  });
  if (!document) {
    throw new AppError(
      "NOT_FOUND",
      kind === "AGREEMENT"
        ? "Your agreement is still being prepared. It usually takes under a minute; try again shortly."
        : "The no-dues certificate is issued once the loan is closed.",
    );
  }
  return document.id;
}

export async function storeLoans(db: Db, scope: OrganisationScope, businessDate: IsoDate) {
  const loans = await db.loan.findMany({
    where: { merchantOrganisationId: scope.organisationId },
    select: { ...headerSelect, state: { select: { state: true } } },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  const stores = await db.store.findMany({
    where: { organisationId: scope.organisationId },
    select: { id: true, name: true },
  });
  const storeName = new Map(stores.map((store) => [store.id, store.name]));
  return loans.map(({ state, ...loan }) => ({
    id: loan.id,
    reference: loan.reference,
    borrowerName: loan.borrowerName,
    purchaseDescription: loan.purchaseDescription,
    principalPaise: loan.principalPaise,
    lenderName: loan.lenderName,
    storeName: storeName.get(loan.storeId) ?? "—",
    createdAt: loan.createdAt,
    ...summary(projectionFromJson(state?.state), businessDate),
  }));
}

export interface LoanBookFilter {
  query?: string;
  lenderCode?: string;
  merchantOrganisationId?: string;
  status?: "ACTIVE" | "CLOSED" | "CANCELLED";
  bucket?: DpdBucket;
  page: number;
  pageSize: number;
}

export async function searchLoanBook(db: Db, filter: LoanBookFilter, businessDate: IsoDate) {
  const stateWhere: Prisma.LoanStateWhereInput = {};
  if (filter.status) stateWhere.status = filter.status;
  if (filter.bucket) {
    stateWhere.status = "ACTIVE";
    if (filter.bucket === "CURRENT") {
      stateWhere.OR = [{ oldestUnpaidDueDate: null }, { oldestUnpaidDueDate: { gte: dateOf(businessDate) } }];
    } else {
      const range = dueDateRangeForBucket(filter.bucket, businessDate);
      stateWhere.oldestUnpaidDueDate = {
        ...(range.from ? { gte: dateOf(range.from) } : {}),
        ...(range.to ? { lte: dateOf(range.to) } : {}),
      };
    }
  }
  const query = filter.query?.trim();
  const where: Prisma.LoanWhereInput = {
    ...(filter.lenderCode ? { lenderCode: filter.lenderCode } : {}),
    ...(filter.merchantOrganisationId ? { merchantOrganisationId: filter.merchantOrganisationId } : {}),
    ...(Object.keys(stateWhere).length ? { state: stateWhere } : {}),
    ...(query
      ? {
          OR: [
            { reference: { contains: query, mode: "insensitive" } },
            { borrowerName: { contains: query, mode: "insensitive" } },
            { borrowerPhone: { contains: query } },
            { proposalNumber: { contains: query, mode: "insensitive" } },
            { lenderLoanReference: { contains: query, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [total, rows, lenders, merchants, totals] = await Promise.all([
    db.loan.count({ where }),
    db.loan.findMany({
      where,
      select: { ...headerSelect, state: { select: { state: true } } },
      orderBy: { createdAt: "desc" },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    }),
    db.loan.groupBy({ by: ["lenderCode", "lenderName"], _count: true }),
    db.organisation.findMany({
      where: { kind: "MERCHANT" },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    }),
    db.loanState.aggregate({
      where: { ...(Object.keys(stateWhere).length ? stateWhere : {}), loan: where },
      _sum: { outstandingPrincipalPaise: true, paidPaise: true },
      _count: true,
    }),
  ]);
  const merchantName = new Map(merchants.map((merchant) => [merchant.id, merchant.name]));
  return {
    total,
    page: filter.page,
    pageSize: filter.pageSize,
    businessDate,
    totals: {
      loans: totals._count,
      outstandingPrincipalPaise: totals._sum.outstandingPrincipalPaise ?? 0n,
      paidPaise: totals._sum.paidPaise ?? 0n,
    },
    lenders: lenders.map((row) => ({ code: row.lenderCode, name: row.lenderName, count: row._count })),
    merchants,
    rows: rows.map(({ state, ...loan }) => ({
      id: loan.id,
      reference: loan.reference,
      borrowerName: loan.borrowerName,
      borrowerPhone: loan.borrowerPhone,
      lenderName: loan.lenderName,
      merchantName: merchantName.get(loan.merchantOrganisationId) ?? "—",
      principalPaise: loan.principalPaise,
      createdAt: loan.createdAt,
      ...summary(projectionFromJson(state?.state), businessDate),
    })),
  };
}

export async function adminLoanDetail(db: Db, loanId: string, businessDate: IsoDate) {
  const detail = await loanDetail(db, { id: loanId }, businessDate);
  const [events, journals, webhooks, integrity, activity] = await Promise.all([
    db.loanEvent.findMany({ where: { loanId }, orderBy: { version: "asc" } }),
    db.ledgerJournal.findMany({ where: { loanId }, include: { postings: true }, orderBy: { id: "asc" } }),
    db.loanPayment.findMany({
      where: { loanId, flagReason: { not: null } },
      select: { id: true, flagReason: true, status: true },
    }),
    verifyLoanEvents(db, loanId),
    db.loanActivity.findUnique({ where: { loanId } }),
  ]);
  const eventVersion = new Map(events.map((event) => [event.id, event.version]));
  return {
    ...detail,
    events: events.map((event) => ({
      id: event.id.toString(),
      version: event.version,
      type: event.type,
      businessDate: isoDateOf(event.businessDate),
      occurredAt: event.occurredAt,
      actorId: event.actorId,
      hash: event.hash,
      payload: eventBodyFromJson(event.payload),
    })),
    journals: journals.map((journal) => ({
      id: journal.id.toString(),
      eventVersion: eventVersion.get(journal.eventId) ?? null,
      description: journal.description,
      businessDate: isoDateOf(journal.businessDate),
      postings: journal.postings.map((posting) => ({
        account: posting.account,
        amountPaise: posting.amountPaise,
      })),
    })),
    flaggedPayments: webhooks,
    integrity,
    activity,
  };
}

/** Loans whose next unpaid instalment falls due on `dueDate` (the reminder batch's selection). */
export async function loansDueOn(
  db: Db,
  dueDate: IsoDate,
  options: { take?: number; afterId?: string } = {},
) {
  return db.loanState.findMany({
    where: {
      status: "ACTIVE",
      nextDueDate: dateOf(dueDate),
      ...(options.afterId ? { loanId: { gt: options.afterId } } : {}),
    },
    select: { loanId: true, nextDuePaise: true },
    orderBy: { loanId: "asc" },
    take: options.take ?? 1_000,
  });
}

export function tomorrowOf(businessDate: IsoDate): IsoDate {
  return addDays(businessDate, 1);
}
