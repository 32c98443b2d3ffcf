import { describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { userActor } from "../actor";
import { systemClock } from "../clock";
import { AppError } from "../errors";
import { expireIdempotencyKeys, hashRequest, runIdempotentCommand } from "./idempotency";

const stack = await createTestStack("idem");
const { db } = stack;
const actor = userActor({
  id: "0195f000-0000-7000-8000-0000000000aa",
  roles: ["shopper"],
  organisationId: null,
});
const ctx = { actor, correlationId: "corr-idem-0001", ip: null, clock: systemClock };

/** A stand-in money-moving effect: one row per execution in platform_setting. */
function pay(
  key: string,
  amountPaise: bigint,
  options: { hold?: Promise<void>; fail?: boolean; inFlightWaitMs?: number; leaseMs?: number } = {},
) {
  return runIdempotentCommand(
    { db },
    ctx,
    {
      key,
      operation: "test.payment.capture",
      request: { amountPaise },
      inFlightWaitMs: options.inFlightWaitMs,
      leaseMs: options.leaseMs,
    },
    async ({ tx, audit, now }) => {
      const row = await tx.platformSetting.create({
        data: { key: `payment:${key}:${now.getTime()}:${Math.random()}`, value: amountPaise.toString() },
      });
      audit({ action: "payment.captured", entityType: "payment", entityId: row.key });
      await options.hold;
      if (options.fail) throw new AppError("UNPROCESSABLE", "card declined");
      return { paymentKey: row.key, amountPaise, capturedAt: now };
    },
  );
}

async function effects(key: string) {
  return db.platformSetting.count({ where: { key: { startsWith: `payment:${key}:` } } });
}

describe("idempotency keys (Stripe semantics)", () => {
  it("50 parallel calls with one key make one effect and identical replies", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => pay("key-parallel-0001", 125_000n)));
    expect(await effects("key-parallel-0001")).toBe(1);
    const first = results[0]!.response;
    for (const result of results) expect(result.response).toEqual(first);
    expect(typeof first.amountPaise).toBe("bigint");
    expect(first.capturedAt).toBeInstanceOf(Date);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(
      await db.auditEvent.count({ where: { action: "payment.captured", entityId: first.paymentKey } }),
    ).toBe(1);
  });

  it("refuses the same key with a different request, and changes nothing", async () => {
    await pay("key-mismatch-0001", 100n);
    await expect(pay("key-mismatch-0001", 999n)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringMatching(/different request/),
    });
    expect(await effects("key-mismatch-0001")).toBe(1);
  });

  it("answers CONFLICT while the first request is still in flight", async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = pay("key-inflight-0001", 5n, { hold });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(pay("key-inflight-0001", 5n, { inFlightWaitMs: 200 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    release();
    const done = await first;
    expect(done.replayed).toBe(false);
    expect((await pay("key-inflight-0001", 5n)).replayed).toBe(true);
  });

  it("releases the key when the first attempt fails, so a retry runs and nothing half-done remains", async () => {
    await expect(pay("key-fail-0001", 7n, { fail: true })).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await effects("key-fail-0001")).toBe(0);
    const retried = await pay("key-fail-0001", 7n);
    expect(retried.replayed).toBe(false);
    expect(await effects("key-fail-0001")).toBe(1);
  });

  it("lets a retry take over a key whose first executor died before committing", async () => {
    await db.idempotencyKey.create({
      data: {
        scope: `user:${actor.userId}`,
        key: "key-dead-0001",
        operation: "test.payment.capture",
        requestHash: hashRequest("test.payment.capture", { amountPaise: 9n }),
        status: "IN_FLIGHT",
        lockedUntil: new Date(Date.now() - 1_000),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const result = await pay("key-dead-0001", 9n);
    expect(result.replayed).toBe(false);
    expect(await effects("key-dead-0001")).toBe(1);
  });

  it("keeps keys per actor: another user's identical key is independent", async () => {
    const other = {
      ...ctx,
      actor: userActor({
        id: "0195f000-0000-7000-8000-0000000000bb",
        roles: ["shopper"],
        organisationId: null,
      }),
    };
    await pay("key-scope-0001", 1n);
    const result = await runIdempotentCommand(
      { db },
      other,
      { key: "key-scope-0001", operation: "test.payment.capture", request: { amountPaise: 1n } },
      async () => ({ ok: true }),
    );
    expect(result.replayed).toBe(false);
  });

  it("refuses malformed keys before doing anything", async () => {
    await expect(pay("short", 1n)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await effects("short")).toBe(0);
  });

  it("expires old keys", async () => {
    await pay("key-expire-0001", 3n);
    expect(await expireIdempotencyKeys(db, new Date(Date.now() + 25 * 3600 * 1000))).toBeGreaterThan(0);
    expect(await db.idempotencyKey.count({ where: { key: "key-expire-0001" } })).toBe(0);
  });
});
