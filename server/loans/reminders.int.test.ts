import { describe, expect, it } from "vitest";
import { systemActor } from "@/server/platform/actor";
import { fixedClock } from "@/server/platform/clock";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { bookLoanFromAcceptedOffer } from "./book.service";
import { decidePayment, runLoanCommand } from "./loan-commands.service";
import { demoAcceptedOffer, demoTerms } from "./offer-fixture";
import { reminderSchedule, runReminderBatch } from "./reminders.service";

const stack = await createTestStack("loansremind");
const { db } = stack;
await seedTestData(db);
const shopper = await db.user.findFirstOrThrow({ where: { roles: { has: "shopper" } } });
const store = await db.store.findFirstOrThrow({ where: { code: "METRO-KOR" } });

describe("EMI reminder batch", () => {
  it("reminds every loan with an unpaid instalment due tomorrow, once, through the notifications queue", async () => {
    const ctxOn = (date: string) => ({
      actor: systemActor("test"),
      correlationId: "corr-remind-0001",
      ip: null,
      clock: fixedClock(`${date}T10:30:00Z`),
    });
    const book = (disbursalDate: string, email: string | null) =>
      bookLoanFromAcceptedOffer(
        stack.deps,
        ctxOn(disbursalDate),
        demoAcceptedOffer({
          borrower: { userId: shopper.id, name: shopper.name, phone: "+919876543210", email },
          merchant: { organisationId: store.organisationId, storeId: store.id },
          terms: demoTerms({ disbursalDate, charges: [] }),
        }),
      );
    // Due 2026-04-06 (first instalment of a loan disbursed 2026-03-06), twice; one paid already; one due another day.
    const a = await book("2026-03-06", "a@example.com");
    await book("2026-03-06", null);
    const paid = await book("2026-03-06", null);
    await book("2026-03-09", null);
    await runLoanCommand(stack.deps, ctxOn("2026-04-01"), paid.loanId, ({ state, loan, businessDate }) => ({
      bodies: decidePayment(state, loan, {
        paymentId: "early-emi",
        amountPaise: state.instalments[0]!.principalDuePaise + state.instalments[0]!.interestDuePaise,
        intent: "EMI",
        on: businessDate,
      }),
    }));

    const schedule = await reminderSchedule(db, "2026-04-01");
    expect(schedule.upcoming.find((row) => row.dueDate === "2026-04-06")?.loans).toBe(2);

    const first = await runReminderBatch(stack.deps, ctxOn("2026-04-05"), { pageSize: 1 });
    expect(first).toMatchObject({ dueDate: "2026-04-06", selected: 2, queued: 2, skipped: 0 });
    const again = await runReminderBatch(stack.deps, ctxOn("2026-04-05"));
    expect(again).toMatchObject({ selected: 2, queued: 0, skipped: 2 });

    const messages = await db.outboundMessage.findMany({ where: { template: "loans.emi-reminder" } });
    expect(messages.map((message) => message.channel).sort()).toEqual(["EMAIL", "SMS", "SMS"]);
    expect(messages.find((message) => message.channel === "SMS")?.preview).toMatch(/is due tomorrow/);
    const jobs = await db.outboxEvent.findMany({
      where: { jobName: { in: ["messaging.sms.send", "messaging.email.send"] } },
    });
    expect(jobs.filter((job) => job.queue === "notifications")).toHaveLength(3);
    const reminders = await db.loanReminder.findMany();
    expect(reminders.map((reminder) => reminder.loanId)).toContain(a.loanId);
    expect(reminders).toHaveLength(2);
  });
});
