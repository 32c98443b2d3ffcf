/** Operations' actions on the loan book that go through the workers. */
import type { Db } from "../platform/db/client";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { addDays, istDateOf } from "./domain/dates";
import { remindersBatchJob } from "./jobs";

/** Queues the EMI reminder batch for tomorrow's due date now (audited). */
export async function requestReminderBatch(deps: { db: Db }, ctx: CommandContext) {
  const dueDate = addDays(istDateOf(ctx.clock.now()), 1);
  await runCommand(deps, ctx, async ({ emit, audit }) => {
    emit(remindersBatchJob, { dueDate }, { jobId: `loans.reminders.manual.${dueDate}.${Date.now()}` });
    audit({
      action: "loan.reminders_requested",
      entityType: "loan_reminder_batch",
      entityId: dueDate,
      data: { dueDate },
    });
  });
  return { dueDate };
}
