import { randomUUID } from "node:crypto";
import { handleGatewayWebhook } from "@/server/loans/payments/payments.service";
import { systemActor } from "@/server/platform/actor";
import { appDeps } from "@/server/platform/deps";
import { env } from "@/server/platform/env";

export const dynamic = "force-dynamic";

/** The payment gateway's webhooks (Razorpay-style, HMAC-signed over the raw body). */
export async function POST(request: Request) {
  const deps = appDeps();
  const rawBody = await request.text();
  if (rawBody.length > 100_000) return new Response("Body too large.", { status: 413 });
  const result = await handleGatewayWebhook(
    { db: deps.db, webhookSecret: env().PAYMENT_WEBHOOK_SECRET },
    {
      actor: systemActor("payments.webhook"),
      correlationId: request.headers.get("x-request-id") ?? `webhook-${randomUUID()}`,
      ip: request.headers.get("x-forwarded-for"),
      clock: deps.clock,
    },
    {
      rawBody,
      signature: request.headers.get("x-razorpay-signature"),
      eventId: request.headers.get("x-razorpay-event-id"),
    },
  );
  return Response.json({ outcome: result.outcome }, { status: result.status });
}
