/**
 * Loans demo data (issue 4): a few loans for the demo shopper at Metro Electronics, booked through the
 * same service the checkout uses (fixed application ids, so booking is idempotent): one a month old with
 * its first EMI paid, one just booked (still in its cooling-off period), one foreclosed (closed).
 * Dates are relative to the day the seed first runs. One query when already seeded.
 */
import { DEMO_SHOPPER_PHONE } from "@/server/auth/demo-accounts";
import { bookLoanFromAcceptedOffer } from "@/server/loans/book.service";
import { addDays, istDateOf } from "@/server/loans/domain/dates";
import { quoteForeclosure } from "@/server/loans/domain/decide";
import { unpaidOf } from "@/server/loans/domain/events";
import { decidePayment, runLoanCommand } from "@/server/loans/loan-commands.service";
import { demoAcceptedOffer, demoTerms } from "@/server/loans/offer-fixture";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import type { Db } from "@/server/platform/db/client";

export const DEMO_LOAN_APPLICATIONS = [
  "0193a000-0000-7000-8000-00000000a001",
  "0193a000-0000-7000-8000-00000000a002",
  "0193a000-0000-7000-8000-00000000a003",
] as const;

export async function seedLoans(db: Db, log: (line: string) => void = () => undefined): Promise<number> {
  const existing = await db.loan.count({ where: { applicationId: { in: [...DEMO_LOAN_APPLICATIONS] } } });
  if (existing === DEMO_LOAN_APPLICATIONS.length) return 0;
  const shopper = await db.user.findUnique({ where: { phone: DEMO_SHOPPER_PHONE } });
  const store = await db.store.findUnique({ where: { code: "METRO-KOR" } });
  if (!shopper || !store) return 0;
  const today = istDateOf(new Date());
  const plans = [
    {
      applicationId: DEMO_LOAN_APPLICATIONS[0],
      disbursal: addDays(today, -35),
      purchase: "Smartphone (128 GB)",
      principal: 4_500_000n,
      afterwards: "pay-first",
    },
    {
      applicationId: DEMO_LOAN_APPLICATIONS[1],
      disbursal: today,
      purchase: "Laptop (14-inch)",
      principal: 7_200_000n,
      afterwards: "none",
    },
    {
      applicationId: DEMO_LOAN_APPLICATIONS[2],
      disbursal: addDays(today, -70),
      purchase: "Washing machine",
      principal: 2_800_000n,
      afterwards: "foreclose",
    },
  ] as const;
  let created = 0;
  for (const plan of plans) {
    const clock = fixedClock(`${plan.disbursal}T06:00:00Z`);
    const ctx = {
      actor: systemActor("seed"),
      correlationId: `seed-loan-${plan.applicationId.slice(-4)}`,
      ip: null,
      clock,
    };
    const booked = await bookLoanFromAcceptedOffer(
      { db },
      ctx,
      demoAcceptedOffer({
        applicationId: plan.applicationId,
        borrower: {
          userId: shopper.id,
          name: shopper.name,
          phone: DEMO_SHOPPER_PHONE,
          email: "shopper@flux.local",
        },
        merchant: { organisationId: store.organisationId, storeId: store.id, storeName: store.name },
        terms: demoTerms({ principalPaise: plan.principal, disbursalDate: plan.disbursal }),
        purchaseDescription: plan.purchase,
      }),
    );
    if (!booked.created) continue;
    created += 1;
    if (plan.afterwards === "pay-first") {
      const firstDue = addDays(plan.disbursal, 31);
      await runLoanCommand(
        { db },
        { ...ctx, clock: fixedClock(`${addDays(plan.disbursal, 30)}T06:00:00Z`) },
        booked.loanId,
        ({ state, loan, businessDate }) => {
          const first = state.instalments[0];
          const amount =
            (first ? unpaidOf(first) : 0n) +
            state.charges.reduce((sum, charge) => sum + charge.amountPaise, 0n);
          return {
            bodies: decidePayment(state, loan, {
              paymentId: `seed-${firstDue}`,
              amountPaise: amount,
              intent: "EMI",
              on: businessDate,
            }),
          };
        },
      );
    }
    if (plan.afterwards === "foreclose") {
      const on = addDays(plan.disbursal, 45);
      await runLoanCommand(
        { db },
        { ...ctx, clock: fixedClock(`${on}T06:00:00Z`) },
        booked.loanId,
        ({ state, loan, businessDate }) => {
          const quote = quoteForeclosure(state, loan.terms.contingentCharges, businessDate);
          return {
            bodies: decidePayment(state, loan, {
              paymentId: `seed-foreclose-${on}`,
              amountPaise: quote.payablePaise,
              intent: "FORECLOSE",
              on: businessDate,
            }),
          };
        },
      );
    }
  }
  log(`loans: ${created} demo loan(s) booked`);
  return created;
}
