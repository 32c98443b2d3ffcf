import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { seedLoans } from "@/prisma/seed/loans";
import { systemActor } from "@/server/platform/actor";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { exportLoanBookParquet } from "./export.service";

const stack = await createTestStack("loansexport");
await seedTestData(stack.db);
await seedLoans(stack.db);

describe("nightly Parquet export of the loan book", () => {
  it("writes a Parquet file a reader can open, whose totals agree with the ledger", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "flux-export-"));
    const ctx = {
      actor: systemActor("test"),
      correlationId: "corr-export-0001",
      ip: null,
      clock: stack.clock,
    };
    const result = await exportLoanBookParquet(stack.deps, ctx, { directory });
    expect(result.rows).toBe(3);
    const file = await asyncBufferFromFile(result.file);
    const metadata = await parquetMetadataAsync(file);
    expect(metadata.key_value_metadata?.find((entry) => entry.key === "flux.business_date")?.value).toBe(
      result.businessDate,
    );
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    const sum = (column: string) => rows.reduce((total, row) => total + BigInt(row[column] as bigint), 0n);

    const ledger = await stack.db.ledgerPosting.groupBy({ by: ["account"], _sum: { amountPaise: true } });
    const balance = (account: string) =>
      ledger.find((row) => row.account === account)?._sum.amountPaise ?? 0n;
    expect(sum("outstanding_principal_paise")).toBe(balance("PRINCIPAL_RECEIVABLE"));
    expect(sum("ledger_principal_receivable_paise")).toBe(balance("PRINCIPAL_RECEIVABLE"));
    expect(sum("paid_paise")).toBe(balance("COLLECTIONS"));
    expect(sum("principal_paise")).toBe(-balance("LENDER_FUNDING"));
    expect(rows.map((row) => row.status).sort()).toEqual(["ACTIVE", "ACTIVE", "CLOSED"]);
    expect(result.totals.outstandingPrincipalPaise).toBe(balance("PRINCIPAL_RECEIVABLE"));
  });
});
