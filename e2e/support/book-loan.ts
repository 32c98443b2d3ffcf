/**
 * e2e setup (run with tsx by the loan spec): books a loan for the shopper with this phone in the e2e
 * database through bookLoanFromAcceptedOffer, the same seam the checkout's acceptance uses, and prints
 * {"loanId", "reference"}. Creates the shopper if they have never signed in.
 */
import { bookLoanFromAcceptedOffer } from "../../server/loans/book.service";
import { istDateOf } from "../../server/loans/domain/dates";
import { demoAcceptedOffer, demoTerms } from "../../server/loans/offer-fixture";
import { systemActor } from "../../server/platform/actor";
import { createBusinessClock } from "../../server/platform/business-clock";
import { createDb } from "../../server/platform/db/client";
import { e2eDatabaseUrl } from "../env";

const phone = process.argv[2];
if (!phone || !/^\+91\d{10}$/.test(phone)) throw new Error("usage: book-loan.ts +91XXXXXXXXXX");
const db = createDb(e2eDatabaseUrl(), { max: 2 });
try {
  const clock = createBusinessClock(db);
  await clock.refresh();
  const user =
    (await db.user.findUnique({ where: { phone } })) ??
    (await db.user.create({ data: { phone, name: "E2E Shopper", roles: ["shopper"] } }));
  const store = await db.store.findUniqueOrThrow({ where: { code: "METRO-KOR" } });
  const today = istDateOf(clock.now());
  const booked = await bookLoanFromAcceptedOffer(
    { db },
    { actor: systemActor("e2e"), correlationId: `e2e-book-${Date.now()}`, ip: null, clock },
    demoAcceptedOffer({
      borrower: { userId: user.id, name: user.name, phone, email: "e2e.shopper@example.com" },
      merchant: { organisationId: store.organisationId, storeId: store.id, storeName: store.name },
      terms: demoTerms({ disbursalDate: today, charges: [] }),
      issuedAt: clock.now(),
      purchaseDescription: "Headphones (e2e)",
    }),
  );
  console.log(JSON.stringify(booked));
} finally {
  await db.$disconnect();
}
