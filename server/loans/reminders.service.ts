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
import { outboxRow } from "../platform/outbox/outbox-writer";
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
 * One page of candidate loans (by id, from `afterId`) and, among them, those with an unpaid instalment due
 * on `dueDate` (amount = what is unpaid on it). The page is chosen on the projection's columns first (index
 * order, LIMIT), and only its rows' schedules are expanded. The projection's oldest unpaid due date
 * prefilters: a loan whose oldest unpaid instalment is after the date has nothing due on it.
 */
export async function selectDueInstalments(
  db: Db,
  dueDate: IsoDate,
  afterId: string,
  limit: number,
): Promise<{ rows: DueRow[]; lastId: string | null; scanned: number }> {
  const rows = await db.$queryRawUnsafe<(DueRow & { last_id: string; scanned: bigint })[]>(
    `WITH page AS (
       SELECT s.loan_id, s.state FROM loan_state s
        WHERE s.status = 'ACTIVE' AND s.oldest_unpaid_due_date <= $2::date AND s.loan_id > $3::uuid
        ORDER BY s.loan_id LIMIT $4
     ), bounds AS (
       SELECT (SELECT loan_id::text FROM page ORDER BY loan_id DESC LIMIT 1) AS last_id, (SELECT count(*) FROM page) AS scanned
     )
     SELECT l.id::text AS loan_id, l.reference, l.borrower_name, l.borrower_phone, l.borrower_email, d.amount_paise,
            b.last_id, b.scanned
       FROM bounds b
       LEFT JOIN page p ON true
       LEFT JOIN loan l ON l.id = p.loan_id
       LEFT JOIN LATERAL (
         SELECT sum(
           (r->'principalDuePaise'->>'$bigint')::bigint - (r->'principalPaidPaise'->>'$bigint')::bigint +
           (r->'interestDuePaise'->>'$bigint')::bigint - (r->'interestPaidPaise'->>'$bigint')::bigint +
           (r->'feesDuePaise'->>'$bigint')::bigint - (r->'feesPaidPaise'->>'$bigint')::bigint)::bigint AS amount_paise
         FROM jsonb_array_elements(p.state->'instalments') r
         WHERE r->>'dueDate' = $1
       ) d ON true
      ORDER BY l.id`,
    dueDate,
    dueDate,
    afterId,
    limit,
  );
  const first = rows[0];
  return {
    rows: rows.filter((row) => row.loan_id && row.amount_paise !== null && row.amount_paise > 0n),
    lastId: first?.last_id ?? null,
    scanned: Number(first?.scanned ?? 0),
  };
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
    const page = await selectDueInstalments(deps.db, dueDate, after, pageSize);
    if (page.scanned === 0 || !page.lastId) break;
    after = page.lastId;
    const rows = page.rows;
    result.selected += rows.length;
    if (rows.length === 0) {
      if (page.scanned < pageSize) break;
      continue;
    }
    const written = await runCommand(
      deps,
      ctx,
      async ({ tx, audit, now }) => {
        const existing = await tx.loanReminder.findMany({
          where: { dueDate: dateOf(dueDate), loanId: { in: rows.map((row) => row.loan_id) } },
          select: { loanId: true },
        });
        const done = new Set(existing.map((row) => row.loanId));
        const fresh = rows.filter((row) => !done.has(row.loan_id));
        if (fresh.length === 0) return { queued: 0, skipped: rows.length };
        const when = formatIsoDate(dueDate);
        const allMessages = fresh.flatMap((row) => {
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
        const smsByLoan = new Map(
          allMessages.filter((m) => m.channel === "SMS").map((m) => [m.loanId, m.id]),
        );
        // Claim each (loan, due date) first: a concurrent or repeated batch can never remind twice.
        const claimed = await tx.$queryRawUnsafe<{ loan_id: string }[]>(
          `INSERT INTO loan_reminder (id, loan_id, due_date, amount_paise, message_id, batch_id, created_at)
           SELECT gen_random_uuid(), loan_id, $4::date, amount, message_id, $5::uuid, $6
             FROM unnest($1::uuid[], $2::bigint[], $3::uuid[]) AS r(loan_id, amount, message_id)
           ON CONFLICT (loan_id, due_date) DO NOTHING
           RETURNING loan_id::text AS loan_id`,
          fresh.map((row) => row.loan_id),
          fresh.map((row) => row.amount_paise),
          fresh.map((row) => smsByLoan.get(row.loan_id) as string),
          dueDate,
          batch.id,
          now,
        );
        const won = new Set(claimed.map((row) => row.loan_id));
        const messages = allMessages.filter((message) => won.has(message.loanId));
        if (messages.length === 0) return { queued: 0, skipped: rows.length };
        // Set-based inserts (unnest): one statement per table for the whole page.
        await tx.$executeRawUnsafe(
          `INSERT INTO outbound_message (id, channel, recipient, template, subject, preview, correlation_id, created_at)
           SELECT id, channel, recipient, 'loans.emi-reminder', subject, preview, $6, $7
             FROM unnest($1::uuid[], $2::message_channel[], $3::text[], $4::text[], $5::text[])
               AS m(id, channel, recipient, subject, preview)`,
          messages.map((message) => message.id),
          messages.map((message) => message.channel),
          messages.map((message) => message.recipient),
          messages.map((message) => message.subject),
          messages.map((message) => message.text.slice(0, 200)),
          ctx.correlationId,
          now,
        );
        // The send jobs, validated against their contracts exactly as emit() does, written to the outbox
        // in this transaction (the relay moves them to the rate-limited notifications queue).
        const outbox = messages.map((message) =>
          message.channel === "SMS"
            ? outboxRow(
                sendSmsJob,
                { messageId: message.id, body: message.text },
                { jobId: `sms.${message.id}` },
              )
            : outboxRow(
                sendEmailJob,
                { messageId: message.id, subject: message.subject ?? "EMI reminder", text: message.text },
                { jobId: `email.${message.id}` },
              ),
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO outbox_event (queue, job_name, payload, job_id, delay_ms, correlation_id, created_at, available_at)
           SELECT queue, job_name, payload, job_id, 0, $5, $6, $6
             FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) AS o(queue, job_name, payload, job_id)`,
          outbox.map((row) => row.queue),
          outbox.map((row) => row.jobName),
          outbox.map((row) => JSON.stringify(row.payload)),
          outbox.map((row) => row.jobId),
          ctx.correlationId,
          now,
        );
        audit({
          action: "loan.reminders_queued",
          entityType: "loan_reminder_batch",
          entityId: batch.id,
          data: { dueDate, count: won.size, firstLoanId: fresh[0]?.loan_id, lastLoanId: after },
        });
        return { queued: won.size, skipped: rows.length - won.size };
      },
      { timeoutMs: 60_000 },
    );
    result.queued += written.queued;
    result.skipped += written.skipped;
    if (page.scanned < pageSize) break;
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
