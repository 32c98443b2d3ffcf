/**
 * Demo data, seeded idempotently on every start: organisations, stores and one user per persona
 * (server/auth/demo-accounts.ts), plus a second tenant of each kind for cross-tenant tests.
 * Existing rows are left as they are, so an admin's changes survive a restart.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SHOPPER_PHONE } from "@/server/auth/demo-accounts";
import { hashPassword } from "@/server/auth/password";
import type { Role } from "@/server/auth/permissions";
// lending rules (issue 3)
import { seedLendingRules } from "@/server/lending/rules/seed";
import { systemActor } from "@/server/platform/actor";
import { systemClock } from "@/server/platform/clock";
import type { Db } from "@/server/platform/db/client";
import { runCommand } from "@/server/platform/unit-of-work";
// lending (issue 3)
import { seedLending } from "./lending";

export const DEMO_ORGANISATIONS = [
  {
    code: "FLUX",
    kind: "PLATFORM",
    name: "Flux Technologies",
    city: "Bengaluru",
    registrationNumber: "U72900KA2026PTC000001",
  },
  {
    code: "ACME-PARTNERS",
    kind: "PARTNER",
    name: "Acme Wealth Partners LLP",
    city: "Mumbai",
    registrationNumber: "AAB-1234",
  },
  {
    code: "BETA-FAMILY-OFFICE",
    kind: "PARTNER",
    name: "Beta Family Office",
    city: "Pune",
    registrationNumber: "AAC-5678",
  },
  {
    code: "METRO-ELECTRONICS",
    kind: "MERCHANT",
    name: "Metro Electronics Pvt Ltd",
    city: "Bengaluru",
    registrationNumber: "U52300KA2011PTC059876",
  },
  { code: "CITY-MOBILES", kind: "MERCHANT", name: "City Mobiles", city: "Chennai", registrationNumber: null },
  {
    code: "WEALTHWISE",
    kind: "DISTRIBUTOR",
    name: "WealthWise Distributors",
    city: "Mumbai",
    registrationNumber: "ARN-123456",
  },
  {
    code: "NIVESH",
    kind: "DISTRIBUTOR",
    name: "Nivesh Advisors",
    city: "New Delhi",
    registrationNumber: "ARN-654321",
  },
] as const;

export const DEMO_STORES = [
  {
    code: "METRO-KOR",
    organisationCode: "METRO-ELECTRONICS",
    name: "Metro Electronics, Koramangala",
    city: "Bengaluru",
    pincode: "560034",
  },
  {
    code: "METRO-IND",
    organisationCode: "METRO-ELECTRONICS",
    name: "Metro Electronics, Indiranagar",
    city: "Bengaluru",
    pincode: "560038",
  },
  {
    code: "CITY-TNAGAR",
    organisationCode: "CITY-MOBILES",
    name: "City Mobiles, T. Nagar",
    city: "Chennai",
    pincode: "600017",
  },
] as const;

/** Users beyond the personas: a second tenant per kind, team members, a second admin. */
export const EXTRA_USERS: { email: string; name: string; roles: Role[]; organisationCode: string | null }[] =
  [
    { email: "risk@flux.local", name: "Rahul Risk", roles: ["admin"], organisationCode: "FLUX" },
    {
      email: "partner.ops@flux.local",
      name: "Neha Partner Ops",
      roles: ["partner"],
      organisationCode: "ACME-PARTNERS",
    },
    {
      email: "beta.partner@flux.local",
      name: "Bela Beta",
      roles: ["partner"],
      organisationCode: "BETA-FAMILY-OFFICE",
    },
    {
      email: "store.manager@flux.local",
      name: "Meera Store Manager",
      roles: ["merchant"],
      organisationCode: "METRO-ELECTRONICS",
    },
    {
      email: "city.store@flux.local",
      name: "Charan City Store",
      roles: ["merchant"],
      organisationCode: "CITY-MOBILES",
    },
    { email: "nivesh@flux.local", name: "Naina Nivesh", roles: ["distributor"], organisationCode: "NIVESH" },
    { email: "investor.two@flux.local", name: "Isha Investor", roles: ["investor"], organisationCode: null },
  ];

export async function seedDemoData(
  db: Db,
  log: (line: string) => void = () => undefined,
): Promise<{ created: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ctx = { actor: systemActor("seed"), correlationId: "seed", ip: null, clock: systemClock };
  const result = await runCommand(
    { db },
    ctx,
    async ({ tx, audit }) => {
      let created = 0;
      const organisationIds = new Map<string, string>();
      for (const organisation of DEMO_ORGANISATIONS) {
        const existing = await tx.organisation.findUnique({
          where: { code: organisation.code },
          select: { id: true },
        });
        if (existing) {
          organisationIds.set(organisation.code, existing.id);
          continue;
        }
        const row = await tx.organisation.create({ data: organisation, select: { id: true } });
        organisationIds.set(organisation.code, row.id);
        audit({
          action: "organisation.created",
          entityType: "organisation",
          entityId: row.id,
          after: { code: organisation.code, kind: organisation.kind },
        });
        created++;
      }
      for (const store of DEMO_STORES) {
        const existing = await tx.store.findUnique({ where: { code: store.code }, select: { id: true } });
        if (existing) continue;
        const { organisationCode, ...data } = store;
        const row = await tx.store.create({
          data: { ...data, organisationId: organisationIds.get(organisationCode)! },
          select: { id: true },
        });
        audit({
          action: "store.created",
          entityType: "store",
          entityId: row.id,
          after: { code: store.code },
        });
        created++;
      }
      const users = [
        ...DEMO_ACCOUNTS.map((account) => ({
          email: account.email,
          name: account.name,
          roles: [account.role] as Role[],
          organisationCode: account.organisationCode,
        })),
        ...EXTRA_USERS,
      ];
      for (const user of users) {
        const existing = await tx.user.findUnique({ where: { email: user.email }, select: { id: true } });
        if (existing) continue;
        const row = await tx.user.create({
          data: {
            email: user.email,
            name: user.name,
            roles: user.roles,
            passwordHash,
            organisationId: user.organisationCode ? organisationIds.get(user.organisationCode) : null,
          },
          select: { id: true },
        });
        audit({
          action: "user.created",
          entityType: "user",
          entityId: row.id,
          after: { email: user.email, roles: user.roles },
        });
        created++;
      }
      const shopper = await tx.user.findUnique({
        where: { phone: DEMO_SHOPPER_PHONE },
        select: { id: true },
      });
      if (!shopper) {
        const row = await tx.user.create({
          data: { phone: DEMO_SHOPPER_PHONE, name: "Demo Shopper", roles: ["shopper"] },
          select: { id: true },
        });
        audit({
          action: "user.created",
          entityType: "user",
          entityId: row.id,
          after: { roles: ["shopper"] },
        });
        created++;
      }
      // lending (issue 3): sandbox lender connectors, their credentials, store lending settings
      created += await seedLending(tx);
      return { created };
    },
    { timeoutMs: 60_000 },
  );
  log(result.created ? `seed: created ${result.created} rows` : "seed: demo data already present");
  // lending rules (issue 3): the published baseline rule version (v1), its own audited command
  if ((await seedLendingRules(db)).created) log("seed: lending rules version 1 published");
  return result;
}
