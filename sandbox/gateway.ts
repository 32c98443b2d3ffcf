/**
 * The sandbox payment gateway, Razorpay-style, over real HTTP:
 *   POST /gateway/v1/orders            (basic auth key_id:key_secret) {amount, currency, receipt, notes,
 *                                      webhook_url, callback_url} -> {id: "order_…", amount, status}
 *                                      (the same receipt returns the same order)
 *   GET  /gateway/v1/orders/:id        the order and its payments
 *   GET  /gateway/checkout/:orderId    the hosted checkout page (Pay / Fail buttons)
 *   POST /gateway/checkout/:orderId/pay|fail   captures (or fails) a payment, sends the webhook
 *                                      (X-Razorpay-Signature = hex HMAC-SHA256(webhook secret, raw body)),
 *                                      then redirects to callback_url with razorpay_payment_id,
 *                                      razorpay_order_id and razorpay_signature (HMAC(key secret, order|payment))
 *   POST /gateway/_mode {mode, delayMs?, amountDeltaPaise?}  fault modes for the webhooks:
 *     normal · duplicate (sent twice) · out-of-order (a stale payment.failed after the capture) ·
 *     bad-signature · amount-mismatch (captured amount differs by amountDeltaPaise) · delay · drop
 *   GET  /gateway/_webhooks            every webhook attempt with the response status
 */
import { createHmac, randomBytes } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";

export const GATEWAY_KEY_ID = process.env.PAYMENT_GATEWAY_KEY_ID ?? "rzp_test_flux_sandbox";
export const GATEWAY_KEY_SECRET = process.env.PAYMENT_GATEWAY_KEY_SECRET ?? "flux_sandbox_key_secret";
export const GATEWAY_WEBHOOK_SECRET = process.env.PAYMENT_WEBHOOK_SECRET ?? "flux_sandbox_webhook_secret";

export const GATEWAY_MODES = [
  "normal",
  "duplicate",
  "out-of-order",
  "bad-signature",
  "amount-mismatch",
  "delay",
  "drop",
] as const;
type Mode = (typeof GATEWAY_MODES)[number];

interface Order {
  id: string;
  amount: number;
  currency: string;
  receipt: string;
  notes: Record<string, string>;
  webhookUrl: string | null;
  callbackUrl: string | null;
  status: "created" | "paid" | "attempted";
  payments: { id: string; amount: number; status: "captured" | "failed" }[];
  createdAt: number;
}

const orderSchema = z.object({
  amount: z.number().int().positive().max(100_000_000_00),
  currency: z.literal("INR").default("INR"),
  receipt: z.string().min(1).max(80),
  notes: z.record(z.string(), z.string().max(256)).default({}),
  webhook_url: z.string().url().optional(),
  callback_url: z.string().url().optional(),
});

function hmac(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}

function id(prefix: string): string {
  return `${prefix}_${randomBytes(7).toString("base64url").replace(/[-_]/g, "x")}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createGateway() {
  const app = new Hono();
  const orders = new Map<string, Order>();
  const byReceipt = new Map<string, string>();
  const state: { mode: Mode; delayMs: number; amountDeltaPaise: number } = {
    mode: "normal",
    delayMs: 2_000,
    amountDeltaPaise: 100,
  };
  const webhooks: {
    event: string;
    orderId: string;
    paymentId: string;
    status: number | string;
    at: string;
  }[] = [];

  async function post(
    order: Order,
    event: string,
    payment: { id: string; amount: number; status: string },
    signature?: string,
  ) {
    if (!order.webhookUrl) return;
    const body = JSON.stringify({
      entity: "event",
      account_id: "acc_flux_sandbox",
      event,
      contains: ["payment"],
      payload: {
        payment: {
          entity: {
            id: payment.id,
            entity: "payment",
            amount: payment.amount,
            currency: order.currency,
            status: payment.status,
            order_id: order.id,
            method: "upi",
            captured: payment.status === "captured",
            notes: order.notes,
            created_at: Math.floor(Date.now() / 1000),
          },
        },
      },
      created_at: Math.floor(Date.now() / 1000),
    });
    const sig = signature ?? hmac(GATEWAY_WEBHOOK_SECRET, body);
    let status: number | string;
    try {
      const response = await fetch(order.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-razorpay-signature": sig,
          "x-razorpay-event-id": id("evt"),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
    } catch (error) {
      status = `error: ${String(error)}`;
    }
    webhooks.push({ event, orderId: order.id, paymentId: payment.id, status, at: new Date().toISOString() });
  }

  async function deliver(order: Order, payment: Order["payments"][number]) {
    const event = payment.status === "captured" ? "payment.captured" : "payment.failed";
    switch (state.mode) {
      case "drop":
        return;
      case "delay":
        await new Promise((resolve) => setTimeout(resolve, state.delayMs));
        return post(order, event, payment);
      case "duplicate":
        await post(order, event, payment);
        return post(order, event, payment);
      case "out-of-order":
        await post(order, event, payment);
        // A stale failure for the same payment arrives after the capture.
        return post(order, "payment.failed", { ...payment, status: "failed" });
      case "bad-signature":
        return post(order, event, payment, hmac("not-the-secret", "x"));
      default:
        return post(order, event, payment);
    }
  }

  function authorised(header: string | undefined): boolean {
    if (!header?.startsWith("Basic ")) return false;
    const [key, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return key === GATEWAY_KEY_ID && secret === GATEWAY_KEY_SECRET;
  }

  app.post("/gateway/v1/orders", async (c) => {
    if (!authorised(c.req.header("authorization")))
      return c.json({ error: { code: "BAD_REQUEST_ERROR", description: "Authentication failed" } }, 401);
    const parsed = orderSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json(
        { error: { code: "BAD_REQUEST_ERROR", description: parsed.error.issues[0]?.message } },
        400,
      );
    const existing = byReceipt.get(parsed.data.receipt);
    if (existing) return c.json(publicOrder(orders.get(existing) as Order));
    const order: Order = {
      id: id("order"),
      amount: parsed.data.amount,
      currency: parsed.data.currency,
      receipt: parsed.data.receipt,
      notes: parsed.data.notes,
      webhookUrl: parsed.data.webhook_url ?? null,
      callbackUrl: parsed.data.callback_url ?? null,
      status: "created",
      payments: [],
      createdAt: Date.now(),
    };
    orders.set(order.id, order);
    byReceipt.set(order.receipt, order.id);
    return c.json(publicOrder(order));
  });

  app.get("/gateway/v1/orders/:id", (c) => {
    const order = orders.get(c.req.param("id"));
    return order
      ? c.json({ ...publicOrder(order), payments: order.payments })
      : c.json({ error: "not found" }, 404);
  });

  app.get("/gateway/checkout/:orderId", (c) => {
    const order = orders.get(c.req.param("orderId"));
    if (!order) return c.html("<p>Unknown order.</p>", 404);
    const rupees = (order.amount / 100).toLocaleString("en-IN", { minimumFractionDigits: 2 });
    return c.html(`<!doctype html><html><head><meta name="viewport" content="width=device-width,initial-scale=1"/><title>Sandbox checkout</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:40px auto;padding:16px}button{width:100%;padding:14px;margin:8px 0;font-size:16px;border-radius:8px;border:0;cursor:pointer}.pay{background:#0b5;color:#fff}.fail{background:#eee}</style></head>
<body><h1>Sandbox payment gateway</h1><p>Pay <strong>₹${escapeHtml(rupees)}</strong> to Flux (order ${escapeHtml(order.id)}).</p>
<form method="post" action="/gateway/checkout/${escapeHtml(order.id)}/pay"><button class="pay" type="submit">Pay ₹${escapeHtml(rupees)} (UPI, sandbox)</button></form>
<form method="post" action="/gateway/checkout/${escapeHtml(order.id)}/fail"><button class="fail" type="submit">Simulate a failed payment</button></form>
<p style="color:#666;font-size:13px">No money moves: this is the Flux sandbox.</p></body></html>`);
  });

  async function settle(orderId: string, outcome: "captured" | "failed") {
    const order = orders.get(orderId);
    if (!order) return null;
    const amount =
      state.mode === "amount-mismatch" ? Math.max(1, order.amount + state.amountDeltaPaise) : order.amount;
    const payment = { id: id("pay"), amount, status: outcome };
    order.payments.push(payment);
    order.status = outcome === "captured" ? "paid" : "attempted";
    // The webhook is sent before the redirect (as fast gateways often do); "delay" holds it back.
    if (state.mode === "delay") void deliver(order, payment);
    else await deliver(order, payment);
    return { order, payment };
  }

  for (const outcome of ["pay", "fail"] as const) {
    app.post(`/gateway/checkout/:orderId/${outcome}`, async (c) => {
      const settled = await settle(c.req.param("orderId"), outcome === "pay" ? "captured" : "failed");
      if (!settled) return c.html("<p>Unknown order.</p>", 404);
      const { order, payment } = settled;
      if (!order.callbackUrl) return c.json({ order: publicOrder(order), payment });
      const target = new URL(order.callbackUrl);
      target.searchParams.set("razorpay_order_id", order.id);
      if (payment.status === "captured") {
        target.searchParams.set("razorpay_payment_id", payment.id);
        target.searchParams.set("razorpay_signature", hmac(GATEWAY_KEY_SECRET, `${order.id}|${payment.id}`));
      } else target.searchParams.set("error", "payment_failed");
      return c.redirect(target.toString(), 303);
    });
  }

  /** Test hook: settle an order without a browser ({outcome}). */
  app.post("/gateway/_settle/:orderId", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { outcome?: string };
    const settled = await settle(c.req.param("orderId"), body.outcome === "failed" ? "failed" : "captured");
    return settled
      ? c.json({ order: publicOrder(settled.order), payment: settled.payment })
      : c.json({ error: "not found" }, 404);
  });

  app.post("/gateway/_mode", async (c) => {
    const body = z
      .object({
        mode: z.enum(GATEWAY_MODES),
        delayMs: z.number().int().min(0).max(120_000).optional(),
        amountDeltaPaise: z.number().int().min(-1_000_000).max(1_000_000).optional(),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: body.error.issues[0]?.message, modes: GATEWAY_MODES }, 400);
    state.mode = body.data.mode;
    if (body.data.delayMs !== undefined) state.delayMs = body.data.delayMs;
    if (body.data.amountDeltaPaise !== undefined) state.amountDeltaPaise = body.data.amountDeltaPaise;
    return c.json(state);
  });
  app.get("/gateway/_mode", (c) => c.json(state));
  app.get("/gateway/_webhooks", (c) => c.json(webhooks.slice(-200)));
  return app;
}

function publicOrder(order: Order) {
  return {
    id: order.id,
    entity: "order",
    amount: order.amount,
    currency: order.currency,
    receipt: order.receipt,
    status: order.status,
    notes: order.notes,
    created_at: Math.floor(order.createdAt / 1000),
  };
}
