/**
 * The payment gateway as Flux sees it (Razorpay's API shape; the sandbox implements it): orders, the hosted
 * checkout URL, and webhook / payment signatures (hex HMAC-SHA256, compared in constant time).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../../platform/env";

export interface GatewayConfig {
  /** API base, e.g. http://127.0.0.1:4010/gateway */
  baseUrl: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
}

export function gatewayConfig(sandboxUrl?: string): GatewayConfig {
  const config = env();
  return {
    baseUrl: config.PAYMENT_GATEWAY_URL ?? `${sandboxUrl ?? config.SANDBOX_URL}/gateway`,
    keyId: config.PAYMENT_GATEWAY_KEY_ID,
    keySecret: config.PAYMENT_GATEWAY_KEY_SECRET,
    webhookSecret: config.PAYMENT_WEBHOOK_SECRET,
  };
}

export function hmacHex(secret: string, message: string | Buffer): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}

function constantTimeEqualHex(expected: string, given: string): boolean {
  if (!/^[0-9a-f]+$/i.test(given)) return false;
  const a = Buffer.from(expected, "hex");
  const b = Buffer.from(given, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Razorpay webhook signature: hex HMAC-SHA256 of the raw body with the webhook secret. */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Buffer,
  signature: string | null,
): boolean {
  if (!signature) return false;
  return constantTimeEqualHex(hmacHex(secret, rawBody), signature.trim());
}

/** Razorpay payment signature (checkout callback): HMAC of "order_id|payment_id" with the key secret. */
export function verifyPaymentSignature(
  secret: string,
  orderId: string,
  paymentId: string,
  signature: string | null,
) {
  if (!signature) return false;
  return constantTimeEqualHex(hmacHex(secret, `${orderId}|${paymentId}`), signature.trim());
}

export class GatewayError extends Error {
  override readonly name = "GatewayError";
}

export async function createGatewayOrder(
  config: GatewayConfig,
  order: {
    amountPaise: bigint;
    receipt: string;
    notes: Record<string, string>;
    webhookUrl: string;
    callbackUrl: string;
  },
): Promise<{ orderId: string; checkoutUrl: string }> {
  const response = await fetch(`${config.baseUrl}/v1/orders`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${config.keyId}:${config.keySecret}`).toString("base64")}`,
    },
    body: JSON.stringify({
      amount: Number(order.amountPaise),
      currency: "INR",
      receipt: order.receipt,
      notes: order.notes,
      webhook_url: order.webhookUrl,
      callback_url: order.callbackUrl,
    }),
    signal: AbortSignal.timeout(8_000),
  }).catch((error: unknown) => {
    throw new GatewayError(`the payment gateway did not answer: ${String(error)}`);
  });
  if (!response.ok) throw new GatewayError(`the payment gateway refused the order (HTTP ${response.status})`);
  const body = (await response.json()) as { id?: string };
  if (!body.id) throw new GatewayError("the payment gateway returned no order id");
  return { orderId: body.id, checkoutUrl: `${config.baseUrl}/checkout/${body.id}` };
}
