/**
 * Message providers. The sandbox provider speaks HTTP to the sandbox process's SMS and email sinks;
 * real providers (an SMS gateway's REST API, SMTP through nodemailer) implement the same interface.
 */
export interface MessageProvider {
  sendSms(message: {
    idempotencyKey: string;
    to: string;
    body: string;
  }): Promise<{ providerMessageId: string }>;
  sendEmail(message: {
    idempotencyKey: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
  }): Promise<{ providerMessageId: string }>;
}

async function postJson(
  url: string,
  body: unknown,
  idempotencyKey: string,
  timeoutMs: number,
): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new Error(`provider answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return response.json();
}

export function sandboxMessageProvider(baseUrl: string, timeoutMs = 5_000): MessageProvider {
  return {
    async sendSms(message) {
      const result = (await postJson(
        `${baseUrl}/sinks/sms`,
        { to: message.to, body: message.body },
        message.idempotencyKey,
        timeoutMs,
      )) as {
        id: string;
      };
      return { providerMessageId: result.id };
    },
    async sendEmail(message) {
      const result = (await postJson(
        `${baseUrl}/sinks/email`,
        { to: message.to, subject: message.subject, text: message.text, html: message.html },
        message.idempotencyKey,
        timeoutMs,
      )) as { id: string };
      return { providerMessageId: result.id };
    },
  };
}

export interface SinkMessage {
  id: string;
  channel: "sms" | "email";
  to: string;
  subject?: string;
  body: string;
  receivedAt: string;
}

/** Reads what the sandbox sinks captured (admin's message outbox view, and tests playing the phone). */
export async function readSandboxSink(
  baseUrl: string,
  query: { channel?: "sms" | "email"; to?: string; limit?: number } = {},
): Promise<SinkMessage[]> {
  const url = new URL(`${baseUrl}/sinks/messages`);
  if (query.channel) url.searchParams.set("channel", query.channel);
  if (query.to) url.searchParams.set("to", query.to);
  if (query.limit) url.searchParams.set("limit", String(query.limit));
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`sandbox answered ${response.status}`);
  return ((await response.json()) as { messages: SinkMessage[] }).messages;
}
