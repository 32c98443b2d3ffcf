/**
 * The 4 PM batch: an SMS (and an email when we have one) reminding every borrower whose instalment falls
 * due tomorrow. Written in pages: each page records its reminders (UNIQUE (loan, due date): a retried
 * batch never reminds twice), the outbound messages and their send jobs in one transaction. The send jobs
 * go through the outbox to the rate-limited notifications queue (retries with backoff, then the
 * dead-letter view), so the batch itself does no sending and never touches the checkout path.
 */
import { randomUUID } from "node:crypto";
import { sendEmailJob, sendSmsJob } from "../messaging/jobs";
import type { Db } from "../platform/db/client";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import { addDays, formatIsoDate, type IsoDate, istDateOf } from "./domain/dates";
import { formatRupees } from "./domain/money";
import { dateOf, isoDateOf } from "./event-store";

export interface ReminderBatchResult {
  batchId: string;
  dueDate: IsoDate;
  selected: number;
  queued: number;
  skipped: number;
}

interface DueRow {
  loan_id: string;
  reference: string;
  borrower_name: string;
  borrower_phone: string;
  borrower_email: string | null;
  amount_paise: bigint;
}

/**
 * Loans with an unpaid instalment due on `dueDate` (amount = what is unpaid on it), in pages by loan id.
 * The projection's oldest unpaid due date prefilters: a loan whose oldest unpaid instalment is after the
 * date has nothing due on it.
 */
export async function selectDueInstalments(
  db: Db,
  dueDate: IsoDate,
  afterId: string,
  limit: number,
): Promise<DueRow[]> {
  return db.$queryRawUnsafe<DueRow[]>(
    `SELECT l.id::text AS loan_id, l.reference, l.borrower_name, l.borrower_phone, l.borrower_email, d.amount_paise
       FROM loan_state s
       JOIN loan l ON l.id = s.loan_id
       CROSS JOIN LATERAL (
         SELECT sum(
           (r->'principalDuePaise'->>'$bigint')::bigint - (r->'principalPaidPaise'->>'$bigint')::bigint +
           (r->'interestDuePaise'->>'$bigint')::bigint - (r->'interestPaidPaise'->>'$bigint')::bigint +
           (r->'feesDuePaise'->>'$bigint')::bigint - (r->'feesPaidPaise'->>'$bigint')::bigint)::bigint AS amount_paise
         FROM jsonb_array_elements(s.state->'instalments') r
         WHERE r->>'dueDate' = $1
       ) d
      WHERE s.status = 'ACTIVE' AND s.oldest_unpaid_due_date <= $2::date AND s.loan_id > $3::uuid
        AND d.amount_paise > 0
      ORDER BY s.loan_id
      LIMIT $4`,
    dueDate,
    dueDate,
    afterId,
    limit,
  );
}

export async function runReminderBatch(
  deps: { db: Db },
  ctx: CommandContext,
  input: { dueDate?: IsoDate; pageSize?: number } = {},
): Promise<ReminderBatchResult> {
  const dueDate = input.dueDate ?? addDays(istDateOf(ctx.clock.now()), 1);
  const pageSize = input.pageSize ?? 1_000;
  const batch = await deps.db.loanReminderBatch.create({
    data: { dueDate: dateOf(dueDate), startedAt: ctx.clock.now() },
  });
  const result: ReminderBatchResult = { batchId: batch.id, dueDate, selected: 0, queued: 0, skipped: 0 };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await selectDueInstalments(deps.db, dueDate, after, pageSize);
    if (rows.length === 0) break;
    after = (rows[rows.length - 1] as DueRow).loan_id;
    result.selected += rows.length;
    const page = await runCommand(
      deps,
      ctx,
      async ({ tx, emit, audit, now }) => {
        const existing = await tx.loanReminder.findMany({
          where: { dueDate: dateOf(dueDate), loanId: { in: rows.map((row) => row.loan_id) } },
          select: { loanId: true },
        });
        const done = new Set(existing.map((row) => row.loanId));
        const fresh = rows.filter((row) => !done.has(row.loan_id));
        if (fresh.length === 0) return { queued: 0, skipped: rows.length };
        const when = formatIsoDate(dueDate);
        const messages = fresh.flatMap((row) => {
          const text = `Flux: your EMI of ${formatRupees(row.amount_paise)} for loan ${row.reference} is due tomorrow (${when}). Pay in the Flux app to avoid late charges.`;
          const sms = {
            id: randomUUID(),
            loanId: row.loan_id,
            channel: "SMS" as const,
            recipient: row.borrower_phone,
            text,
            subject: null as string | null,
          };
          const email = row.borrower_email
            ? [
                {
                  ...sms,
                  id: randomUUID(),
                  channel: "EMAIL" as const,
                  recipient: row.borrower_email,
                  subject: `EMI due tomorrow for loan ${row.reference}`,
                },
              ]
            : [];
          return [sms, ...email];
        });
        await tx.outboundMessage.createMany({
          data: messages.map((message) => ({
            id: message.id,
            channel: message.channel,
            recipient: message.recipient,
            template: "loans.emi-reminder",
            subject: message.subject,
            preview: message.text.slice(0, 200),
            correlationId: ctx.correlationId,
            createdAt: now,
          })),
        });
        for (const message of messages) {
          if (message.channel === "SMS") {
            emit(sendSmsJob, { messageId: message.id, body: message.text }, { jobId: `sms.${message.id}` });
          } else {
            emit(
              sendEmailJob,
              { messageId: message.id, subject: message.subject ?? "EMI reminder", text: message.text },
              { jobId: `email.${message.id}` },
            );
          }
        }
        const smsByLoan = new Map(messages.filter((m) => m.channel === "SMS").map((m) => [m.loanId, m.id]));
        await tx.loanReminder.createMany({
          data: fresh.map((row) => ({
            loanId: row.loan_id,
            dueDate: dateOf(dueDate),
            amountPaise: row.amount_paise,
            messageId: smsByLoan.get(row.loan_id) as string,
            batchId: batch.id,
            createdAt: now,
          })),
        });
        audit({
          action: "loan.reminders_queued",
          entityType: "loan_reminder_batch",
          entityId: batch.id,
          data: { dueDate, count: fresh.length, firstLoanId: fresh[0]?.loan_id, lastLoanId: after },
        });
        return { queued: fresh.length, skipped: rows.length - fresh.length };
      },
      { timeoutMs: 60_000 },
    );
    result.queued += page.queued;
    result.skipped += page.skipped;
    if (rows.length < pageSize) break;
  }
  await deps.db.loanReminderBatch.update({
    where: { id: batch.id },
    data: {
      finishedAt: ctx.clock.now(),
      selected: result.selected,
      queued: result.queued,
      skipped: result.skipped,
    },
  });
  return result;
}

/** The reminder schedule for operations: the next due dates with how many loans are due, and past batches. */
export async function reminderSchedule(db: Db, businessDate: IsoDate, days = 7) {
  const upcoming = await db.$queryRawUnsafe<
    { due_date: string; loans: bigint; amount_paise: bigint | null }[]
  >(
    `SELECT r->>'dueDate' AS due_date, count(DISTINCT s.loan_id) AS loans,
            sum((r->'principalDuePaise'->>'$bigint')::bigint - (r->'principalPaidPaise'->>'$bigint')::bigint +
                (r->'interestDuePaise'->>'$bigint')::bigint - (r->'interestPaidPaise'->>'$bigint')::bigint +
                (r->'feesDuePaise'->>'$bigint')::bigint - (r->'feesPaidPaise'->>'$bigint')::bigint)::bigint AS amount_paise
       FROM loan_state s CROSS JOIN LATERAL jsonb_array_elements(s.state->'instalments') r
      WHERE s.status = 'ACTIVE' AND r->>'dueDate' > $1 AND r->>'dueDate' <= $2
        AND (r->'principalDuePaise'->>'$bigint')::bigint + (r->'interestDuePaise'->>'$bigint')::bigint + (r->'feesDuePaise'->>'$bigint')::bigint
          > (r->'principalPaidPaise'->>'$bigint')::bigint + (r->'interestPaidPaise'->>'$bigint')::bigint + (r->'feesPaidPaise'->>'$bigint')::bigint
      GROUP BY 1 ORDER BY 1`,
    businessDate,
    addDays(businessDate, days),
  );
  const batches = await db.loanReminderBatch.findMany({ orderBy: { startedAt: "desc" }, take: 20 });
  return {
    businessDate,
    nextBatch: { runsAt: "16:00 IST", dueDate: addDays(businessDate, 1) },
    upcoming: upcoming.map((row) => ({
      dueDate: row.due_date,
      reminderOn: addDays(row.due_date, -1),
      loans: Number(row.loans),
      amountPaise: row.amount_paise ?? 0n,
    })),
    batches: batches.map((batch) => ({ ...batch, dueDate: isoDateOf(batch.dueDate) })),
  };
}
