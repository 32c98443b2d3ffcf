/**
 * Outbound SMS and email. Queuing records the message and emits its send job in the caller's
 * transaction; delivery (in the workers) calls the provider with the message id as its idempotency key,
 * so a retried job never sends twice.
 */
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import type { UnitOfWork } from "../platform/unit-of-work";
import { sendEmailJob, sendSmsJob } from "./jobs";
import type { MessageProvider } from "./providers";

export async function queueSms(
  uow: UnitOfWork,
  message: { to: string; template: string; body: string; preview: string },
): Promise<{ messageId: string }> {
  const record = await uow.tx.outboundMessage.create({
    data: {
      channel: "SMS",
      recipient: message.to,
      template: message.template,
      preview: message.preview,
      correlationId: uow.ctx.correlationId,
      createdAt: uow.now,
    },
    select: { id: true },
  });
  uow.emit(sendSmsJob, { messageId: record.id, body: message.body }, { jobId: `sms.${record.id}` });
  return { messageId: record.id };
}

export async function queueEmail(
  uow: UnitOfWork,
  message: { to: string; template: string; subject: string; text: string; html?: string; preview?: string },
): Promise<{ messageId: string }> {
  const record = await uow.tx.outboundMessage.create({
    data: {
      channel: "EMAIL",
      recipient: message.to,
      template: message.template,
      subject: message.subject,
      preview: message.preview ?? message.text.slice(0, 200),
      correlationId: uow.ctx.correlationId,
      createdAt: uow.now,
    },
    select: { id: true },
  });
  uow.emit(
    sendEmailJob,
    { messageId: record.id, subject: message.subject, text: message.text, html: message.html },
    { jobId: `email.${record.id}` },
  );
  return { messageId: record.id };
}

/** Delivers one message through the provider and records the outcome. Idempotent per message id. */
export async function deliverMessage(
  deps: { db: Db; provider: MessageProvider; now: () => Date },
  job: { messageId: string; body?: string; subject?: string; text?: string; html?: string },
  attempt: { isFinal: boolean },
): Promise<{ status: "sent" | "already-sent" }> {
  const message = await deps.db.outboundMessage.findUnique({ where: { id: job.messageId } });
  if (!message) throw new AppError("NOT_FOUND", `message ${job.messageId} does not exist`);
  if (message.status === "SENT") return { status: "already-sent" };
  try {
    const result =
      message.channel === "SMS"
        ? await deps.provider.sendSms({
            idempotencyKey: message.id,
            to: message.recipient,
            body: job.body ?? "",
          })
        : await deps.provider.sendEmail({
            idempotencyKey: message.id,
            to: message.recipient,
            subject: job.subject ?? message.subject ?? "",
            text: job.text ?? "",
            html: job.html,
          });
    await deps.db.outboundMessage.update({
      where: { id: message.id },
      data: {
        status: "SENT",
        providerMessageId: result.providerMessageId,
        sentAt: deps.now(),
        attempts: { increment: 1 },
        lastError: null,
      },
    });
    return { status: "sent" };
  } catch (error) {
    await deps.db.outboundMessage.update({
      where: { id: message.id },
      data: {
        attempts: { increment: 1 },
        lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
        status: attempt.isFinal ? "FAILED" : "QUEUED",
      },
    });
    throw error;
  }
}

export async function listOutboundMessages(
  db: Db,
  filter: { channel?: "SMS" | "EMAIL"; recipient?: string; limit: number },
) {
  return db.outboundMessage.findMany({
    where: {
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(filter.recipient ? { recipient: { contains: filter.recipient } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: filter.limit,
  });
}
