/**
 * The nightly snapshot of the loan book as Apache Parquet (hyparquet-writer: pure JS, no native build)
 * that a BI tool can read: one row per loan with its amounts (INT64 paise) and status as of the export's
 * business date, plus per-loan ledger balances so the file can be reconciled with the ledger on its own.
 * Written to a temporary name and renamed, so a reader never sees half a file.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import type { Db } from "../platform/db/client";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { type IsoDate, istDateOf } from "./domain/dates";
import { daysPastDue, dpdBucket } from "./domain/decide";
import { projectionFromJson } from "./domain/events";

export function exportDirectory(): string {
  return process.env.LOAN_EXPORT_DIR ?? path.resolve(".data/exports/loan-book");
}

export interface ExportResult {
  file: string;
  rows: number;
  sha256: string;
  businessDate: IsoDate;
  totals: { outstandingPrincipalPaise: bigint; paidPaise: bigint };
}

export async function exportLoanBookParquet(
  deps: { db: Db },
  ctx: CommandContext,
  options: { directory?: string } = {},
): Promise<ExportResult> {
  const businessDate = istDateOf(ctx.clock.now());
  const directory = options.directory ?? exportDirectory();
  mkdirSync(directory, { recursive: true });
  const loans = await deps.db.loan.findMany({
    select: {
      id: true,
      reference: true,
      lenderCode: true,
      merchantOrganisationId: true,
      storeId: true,
      principalPaise: true,
      aprBps: true,
      tenor: true,
      disbursalDate: true,
      createdAt: true,
      state: {
        select: {
          state: true,
          status: true,
          outstandingPrincipalPaise: true,
          paidPaise: true,
          totalOutstandingPaise: true,
        },
      },
    },
    orderBy: { id: "asc" },
  });
  const balances = await deps.db.$queryRawUnsafe<{ loan_id: string; account: string; balance: bigint }[]>(
    "SELECT loan_id::text AS loan_id, account::text AS account, sum(amount_paise)::bigint AS balance FROM ledger_posting GROUP BY 1, 2",
  );
  const ledger = new Map<string, Record<string, bigint>>();
  for (const row of balances) {
    const entry = ledger.get(row.loan_id) ?? {};
    entry[row.account] = row.balance;
    ledger.set(row.loan_id, entry);
  }
  const rows = loans.filter((loan) => loan.state);
  const dpd = rows.map((loan) => daysPastDue(projectionFromJson(loan.state?.state), businessDate));
  const col = <T>(pick: (loan: (typeof rows)[number], index: number) => T) => rows.map(pick);
  const file = path.join(directory, `loan-book-${businessDate}.parquet`);
  const temp = `${file}.${process.pid}.tmp`;
  parquetWriteFile({
    filename: temp,
    columnData: [
      { name: "loan_id", data: col((loan) => loan.id), type: "STRING" },
      { name: "reference", data: col((loan) => loan.reference), type: "STRING" },
      { name: "lender_code", data: col((loan) => loan.lenderCode), type: "STRING" },
      { name: "merchant_organisation_id", data: col((loan) => loan.merchantOrganisationId), type: "STRING" },
      { name: "store_id", data: col((loan) => loan.storeId), type: "STRING" },
      { name: "status", data: col((loan) => loan.state?.status ?? "ACTIVE"), type: "STRING" },
      { name: "principal_paise", data: col((loan) => loan.principalPaise), type: "INT64" },
      {
        name: "outstanding_principal_paise",
        data: col((loan) => loan.state?.outstandingPrincipalPaise ?? 0n),
        type: "INT64",
      },
      {
        name: "total_outstanding_paise",
        data: col((loan) => loan.state?.totalOutstandingPaise ?? 0n),
        type: "INT64",
      },
      { name: "paid_paise", data: col((loan) => loan.state?.paidPaise ?? 0n), type: "INT64" },
      {
        name: "ledger_principal_receivable_paise",
        data: col((loan) => ledger.get(loan.id)?.PRINCIPAL_RECEIVABLE ?? 0n),
        type: "INT64",
      },
      {
        name: "ledger_collections_paise",
        data: col((loan) => ledger.get(loan.id)?.COLLECTIONS ?? 0n),
        type: "INT64",
      },
      { name: "apr_bps", data: col((loan) => loan.aprBps), type: "INT32" },
      { name: "tenor", data: col((loan) => loan.tenor), type: "INT32" },
      { name: "days_past_due", data: dpd, type: "INT32" },
      {
        name: "dpd_bucket",
        data: col((loan, index) => (loan.state?.status === "ACTIVE" ? dpdBucket(dpd[index] ?? 0) : "CLOSED")),
        type: "STRING",
      },
      {
        name: "disbursal_date",
        data: col((loan) => loan.disbursalDate.toISOString().slice(0, 10)),
        type: "STRING",
      },
      { name: "booked_at", data: col((loan) => loan.createdAt), type: "TIMESTAMP" },
    ],
    kvMetadata: [
      { key: "flux.business_date", value: businessDate },
      { key: "flux.schema", value: "loan-book/1" },
    ],
  });
  renameSync(temp, file);
  const sha256 = createHash("sha256").update(readFileSync(file)).digest("hex");
  const totals = {
    outstandingPrincipalPaise: rows.reduce(
      (sum, loan) => sum + (loan.state?.outstandingPrincipalPaise ?? 0n),
      0n,
    ),
    paidPaise: rows.reduce((sum, loan) => sum + (loan.state?.paidPaise ?? 0n), 0n),
  };
  await runCommand(deps, ctx, async ({ audit }) => {
    audit({
      action: "loan.book_exported",
      entityType: "loan_export",
      entityId: businessDate,
      data: { file: path.basename(file), rows: rows.length, sha256, ...totals },
    });
  });
  return { file, rows: rows.length, sha256, businessDate, totals };
}
