import { describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { systemActor, userActor } from "../actor";
import { systemClock } from "../clock";
import { runCommand } from "../unit-of-work";
import { anchorAuditChains, verifyAuditTrail } from "./audit-chain.service";

const stack = await createTestStack("audit");
const { db } = stack;

function ctx(label = "test") {
  return {
    actor: systemActor(label),
    correlationId: `corr-${label}-0001`,
    ip: "10.0.0.1",
    clock: systemClock,
  };
}

async function auditOnce(entityId: string, action = "thing.changed") {
  await runCommand({ db }, ctx(), async ({ audit }) => {
    audit({ action, entityType: "thing", entityId, before: { n: 1 }, after: { n: 2 } });
  });
}

/**
 * Anchors until `chainKey`'s head is sealed. The horizon is the snapshot xmin, which is cluster-wide: an open
 * transaction in any database of the server (other test files run in parallel) delays sealing, never skips it.
 */
async function anchorUntilSealed(target: typeof db, chainKey: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await anchorAuditChains(target, systemClock);
    const sealed = (await target.auditAnchor.findMany()).flatMap((anchor) =>
      (anchor.heads as { chainKey: string }[]).map((h) => h.chainKey),
    );
    if (sealed.includes(chainKey) || Date.now() > deadline) return sealed;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("audit trail", () => {
  it("writes the audit row in the same transaction: a rolled-back change leaves none", async () => {
    await expect(
      runCommand({ db }, ctx(), async ({ tx, audit }) => {
        await tx.platformSetting.create({ data: { key: "rollback-probe", value: 1 } });
        audit({ action: "setting.created", entityType: "setting", entityId: "rollback-probe" });
        throw new Error("business rule failed after the write");
      }),
    ).rejects.toThrow("business rule failed");
    expect(await db.auditEvent.count({ where: { entityId: "rollback-probe" } })).toBe(0);
    expect(await db.platformSetting.count({ where: { key: "rollback-probe" } })).toBe(0);
  });

  it("records actor, correlation id, IP and before/after", async () => {
    const actor = userActor({
      id: "0195f000-0000-7000-8000-000000000001",
      roles: ["admin"],
      organisationId: null,
    });
    await runCommand({ db }, { ...ctx(), actor }, async ({ audit }) => {
      audit({
        action: "user.roles_changed",
        entityType: "user",
        entityId: "u-77",
        before: { roles: ["investor"] },
        after: { roles: ["partner"] },
      });
    });
    const row = await db.auditEvent.findFirstOrThrow({ where: { entityId: "u-77" } });
    expect(row).toMatchObject({
      actorId: actor.auditId,
      actorRole: "admin",
      correlationId: "corr-test-0001",
      ip: "10.0.0.1",
      chainKey: "user:u-77",
      chainSeq: 1,
      summary: { before: { roles: ["investor"] }, after: { roles: ["partner"] } },
    });
  });

  it("refuses UPDATE, DELETE and TRUNCATE at the database", async () => {
    await auditOnce("immutable-1");
    const sql = await stack.database.superuser();
    await expect(
      sql.query("UPDATE audit_event SET action = 'x' WHERE entity_id = 'immutable-1'"),
    ).rejects.toThrow(/append-only/);
    await expect(sql.query("DELETE FROM audit_event WHERE entity_id = 'immutable-1'")).rejects.toThrow(
      /append-only/,
    );
    await expect(sql.query("TRUNCATE audit_event")).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count({ where: { entityId: "immutable-1" } })).toBe(1);
  });

  it("chains concurrent writers without forks, and writers to other entities do not wait", async () => {
    const entities = Array.from({ length: 20 }, (_, index) => `concurrent-${index}`);
    // 400 writes from 40 concurrent commands; several commands hit the same entity at the same time.
    await Promise.all(
      Array.from({ length: 40 }, (_, worker) =>
        (async () => {
          for (let i = 0; i < 10; i++) {
            const first = entities[(worker + i) % entities.length]!;
            const second = entities[(worker * 7 + i) % entities.length]!;
            await runCommand({ db }, ctx(`w${worker}`), async ({ audit }) => {
              audit({ action: "thing.changed", entityType: "thing", entityId: first, data: { worker, i } });
              audit({ action: "thing.touched", entityType: "thing", entityId: second, data: { worker, i } });
            });
          }
        })(),
      ),
    );
    const perChain = await db.$queryRawUnsafe<{ chain_key: string; n: bigint; max: number }[]>(
      "SELECT chain_key, count(*) AS n, max(chain_seq) AS max FROM audit_event WHERE chain_key LIKE 'thing:concurrent-%' GROUP BY chain_key",
    );
    expect(perChain.reduce((sum, row) => sum + Number(row.n), 0)).toBe(800);
    for (const row of perChain) expect(row.max).toBe(Number(row.n)); // 1..n with no gaps or duplicates
    const result = await verifyAuditTrail(db);
    expect(result.ok).toBe(true);
    expect(result.breakCount).toBe(0);

    // While a transaction holds entity A's chain, a write to entity B commits; a write to A waits.
    let releaseA!: () => void;
    const holdA = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    let aLocked!: () => void;
    const aIsLocked = new Promise<void>((resolve) => {
      aLocked = resolve;
    });
    const slowA = runCommand({ db }, ctx("slow"), async ({ tx, audit }) => {
      audit({ action: "thing.changed", entityType: "thing", entityId: "blocking-A" });
      // The writer takes this chain's lock when the command flushes its audit rows; take it now and hold it.
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtextextended('thing:blocking-A', 7))");
      aLocked();
      await holdA;
    });
    await aIsLocked;
    const order: string[] = [];
    const writeB = auditOnce("blocking-B").then(() => order.push("B"));
    const writeA = auditOnce("blocking-A").then(() => order.push("A2"));
    await writeB;
    expect(order).toEqual(["B"]); // B committed while A's chain was held
    releaseA();
    await Promise.all([slowA, writeA]);
    expect(order).toEqual(["B", "A2"]);
    const chainA = await db.auditEvent.findMany({
      where: { chainKey: "thing:blocking-A" },
      orderBy: { chainSeq: "asc" },
    });
    expect(chainA.map((row) => row.chainSeq)).toEqual([1, 2]);
  });

  it("anchors chain heads without skipping a transaction that commits late", async () => {
    let commitLate!: () => void;
    const late = new Promise<void>((resolve) => {
      commitLate = resolve;
    });
    let started!: () => void;
    const hasWritten = new Promise<void>((resolve) => {
      started = resolve;
    });
    const lateTx = db.$transaction(
      async (tx) => {
        const { appendAuditEvents } = await import("./audit-writer");
        await appendAuditEvents(tx, [{ action: "thing.late", entityType: "thing", entityId: "late-1" }], {
          actorId: "system:test",
          actorRole: "system",
          correlationId: null,
          ip: null,
          occurredAt: new Date(),
        });
        started();
        await late;
      },
      { timeout: 30_000 },
    );
    await hasWritten;
    await auditOnce("after-late-1");
    await anchorAuditChains(db, systemClock);
    const sealedSoFar = (await db.auditAnchor.findMany()).flatMap((anchor) =>
      (anchor.heads as { chainKey: string }[]).map((h) => h.chainKey),
    );
    expect(sealedSoFar).not.toContain("thing:late-1"); // still in flight: not sealed, and not skipped either
    commitLate();
    await lateTx;
    const sealed = await anchorUntilSealed(db, "thing:late-1");
    expect(sealed).toContain("thing:late-1");
    expect(sealed).toContain("thing:after-late-1");
    expect((await verifyAuditTrail(db)).ok).toBe(true);
  });
});

const tampered = await createTestStack("tamper");

describe("audit verifier against tampering (as a superuser bypassing the trigger)", () => {
  it("reports the first broken link: an edited row", async () => {
    const local = tampered.db;
    for (let i = 0; i < 3; i++) {
      await runCommand({ db: local }, ctx(), async ({ audit }) => {
        audit({
          action: "payment.recorded",
          entityType: "loan",
          entityId: "L-1",
          data: { amountPaise: 100_000 + i },
        });
      });
    }
    await anchorAuditChains(local, systemClock);
    expect((await verifyAuditTrail(local)).ok).toBe(true);
    const victim = await local.auditEvent.findFirstOrThrow({ where: { chainKey: "loan:L-1", chainSeq: 2 } });

    const sql = await tampered.database.superuser();
    await sql.query("SET session_replication_role = replica"); // disables the append-only trigger for this session
    await sql.query(`UPDATE audit_event SET summary = '{"amountPaise": 1}'::jsonb WHERE id = $1`, [
      victim.id.toString(),
    ]);

    const result = await verifyAuditTrail(local);
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({
      reason: "hash_mismatch",
      chainKey: "loan:L-1",
      chainSeq: 2,
      eventId: victim.id.toString(),
    });
  });

  it("detects a deleted chain tail through its anchor", async () => {
    const local = tampered.db;
    await runCommand({ db: local }, ctx(), async ({ audit }) => {
      audit({ action: "thing.changed", entityType: "thing", entityId: "tail-1" });
    });
    expect(await anchorUntilSealed(local, "thing:tail-1")).toContain("thing:tail-1");
    const sql = await tampered.database.superuser();
    await sql.query("SET session_replication_role = replica");
    await sql.query("DELETE FROM audit_event WHERE chain_key = 'thing:tail-1'");
    const result = await verifyAuditTrail(local, { chainKey: "thing:tail-1" });
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({
      reason: "anchored_row_missing",
      chainKey: "thing:tail-1",
      chainSeq: 1,
    });
  });
});
