/**
 * SMS and email sinks: stand-ins for the SMS gateway and the SMTP relay. They accept messages over HTTP
 * (deduplicated by Idempotency-Key, like real providers), keep the last few thousand in memory, and can
 * be switched into failure modes to exercise retries and dead letters.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";

export interface SinkMessage {
  id: string;
  channel: "sms" | "email";
  to: string;
  subject?: string;
  body: string;
  receivedAt: string;
}

const MAX_MESSAGES = 5_000;

type FaultMode = "ok" | "fail" | "slow";

export function createSinks() {
  const messages: SinkMessage[] = [];
  const byIdempotencyKey = new Map<string, SinkMessage>();
  const faults: Record<"sms" | "email", FaultMode> = { sms: "ok", email: "ok" };
  const app = new Hono();

  function store(message: Omit<SinkMessage, "id" | "receivedAt">, key: string | undefined): SinkMessage {
    if (key) {
      const existing = byIdempotencyKey.get(key);
      if (existing) return existing;
    }
    const stored: SinkMessage = {
      ...message,
      id: `msg_${randomUUID()}`,
      receivedAt: new Date().toISOString(),
    };
    messages.unshift(stored);
    if (key) byIdempotencyKey.set(key, stored);
    if (messages.length > MAX_MESSAGES) {
      const dropped = messages.pop();
      for (const [k, v] of byIdempotencyKey) if (v === dropped) byIdempotencyKey.delete(k);
    }
    return stored;
  }

  async function applyFault(channel: "sms" | "email"): Promise<Response | null> {
    if (faults[channel] === "fail")
      return Response.json({ error: "sink is in failure mode" }, { status: 503 });
    if (faults[channel] === "slow") await new Promise((resolve) => setTimeout(resolve, 3_000));
    return null;
  }

  const smsSchema = z.object({ to: z.string().min(8).max(20), body: z.string().min(1).max(1_000) });
  const emailSchema = z.object({
    to: z.string().email(),
    subject: z.string().min(1).max(300),
    text: z.string().min(1),
    html: z.string().optional(),
  });

  app.post("/sinks/sms", async (c) => {
    const fault = await applyFault("sms");
    if (fault) return fault;
    const parsed = smsSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "invalid sms", issues: parsed.error.issues }, 400);
    const stored = store(
      { channel: "sms", to: parsed.data.to, body: parsed.data.body },
      c.req.header("idempotency-key"),
    );
    return c.json({ id: stored.id, status: "accepted" }, 202);
  });

  app.post("/sinks/email", async (c) => {
    const fault = await applyFault("email");
    if (fault) return fault;
    const parsed = emailSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "invalid email", issues: parsed.error.issues }, 400);
    const stored = store(
      { channel: "email", to: parsed.data.to, subject: parsed.data.subject, body: parsed.data.text },
      c.req.header("idempotency-key"),
    );
    return c.json({ id: stored.id, status: "accepted" }, 202);
  });

  app.get("/sinks/messages", (c) => {
    const channel = c.req.query("channel");
    const to = c.req.query("to");
    const limit = Math.min(Number(c.req.query("limit") ?? 100) || 100, 1_000);
    const filtered = messages.filter((m) => (!channel || m.channel === channel) && (!to || m.to === to));
    return c.json({ messages: filtered.slice(0, limit) });
  });

  app.put("/sinks/faults", async (c) => {
    const parsed = z
      .object({
        sms: z.enum(["ok", "fail", "slow"]).optional(),
        email: z.enum(["ok", "fail", "slow"]).optional(),
      })
      .safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "invalid fault modes" }, 400);
    Object.assign(faults, parsed.data);
    return c.json({ faults });
  });

  app.get("/sinks/faults", (c) => c.json({ faults }));

  return app;
}
