/**
 * Lending demo data (issue 3): the four sandbox lenders' connector descriptors (version 1) and their
 * credentials (encrypted), and each demo store's lending settings. Idempotent: existing connectors,
 * secrets (which may have rotated) and stores changed by an admin are left as they are.
 */
import { SANDBOX_DESCRIPTORS, SANDBOX_SECRETS } from "@/server/lending/connectors/sandbox-descriptors";
import { putSecrets } from "@/server/lending/connectors/secrets";
import type { Db, Prisma } from "@/server/platform/db/client";

/** Demo store settings: Koramangala asks lenders one by one, Indiranagar shows every offer. */
export const DEMO_STORE_LENDING = {
  "METRO-KOR": { lendingMode: "WATERFALL", merchantCategory: "ELECTRONICS" },
  "METRO-IND": { lendingMode: "ALL_OFFERS", merchantCategory: "ELECTRONICS" },
  "CITY-TNAGAR": { lendingMode: "WATERFALL", merchantCategory: "MOBILES" },
} as const;

export async function seedLending(tx: Db | Prisma.TransactionClient): Promise<number> {
  let created = 0;
  for (const descriptor of SANDBOX_DESCRIPTORS) {
    const existing = await tx.lenderConnector.findUnique({ where: { code: descriptor.code } });
    if (!existing) {
      const connector = await tx.lenderConnector.create({
        data: { code: descriptor.code, name: descriptor.name, currentVersion: 1 },
      });
      await tx.lenderConnectorVersion.create({
        data: {
          connectorId: connector.id,
          version: 1,
          descriptor: descriptor as Prisma.InputJsonValue,
          note: "sandbox lender (seed)",
          createdBy: "system:seed",
        },
      });
      created++;
    }
    await putSecrets(tx, descriptor.code, SANDBOX_SECRETS[descriptor.code] ?? {}, true);
  }
  for (const [code, settings] of Object.entries(DEMO_STORE_LENDING)) {
    // Only stores still on the defaults get the demo settings (an admin's change survives a restart).
    await tx.store.updateMany({
      where: { code, lendingMode: "WATERFALL", merchantCategory: "ELECTRONICS" },
      data: settings,
    });
  }
  return created;
}
