/**
 * A publish reaches other processes without a restart: two separate Node processes hold a rules runtime
 * (as web and workers do) with the current version cached for 10 minutes; a second admin publishes a new
 * version here; both processes switch, told only by Redis pub/sub.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestStack, REDIS_URL } from "@/test/int/harness";
import { disposableRedis } from "@/test/int/redis-server";
import { seedTestData } from "@/test/int/seed";
import { userActor } from "../../platform/actor";
import type { CommandContext } from "../../platform/unit-of-work";
import { approveAndPublish, createDraft, submitForApproval } from "./rule-versions.service";
import { RulesRuntime } from "./runtime";

const stack = await createTestStack("rules-broadcast");
const runtime = new RulesRuntime(stack.deps);
const probes: { child: ChildProcess; lines: string[] }[] = [];

function startProbe() {
  const child = spawn(process.execPath, ["--import", "tsx", "server/lending/rules/runtime-probe.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: stack.database.url,
      REDIS_URL,
      REDIS_PREFIX: stack.prefix,
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const probe = { child, lines: [] as string[] };
  child.stdout?.on("data", (chunk: Buffer) => probe.lines.push(...chunk.toString().trim().split("\n")));
  probes.push(probe);
  return probe;
}

async function waitForLine(probe: { lines: string[] }, line: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (probe.lines.includes(line)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`probe never printed "${line}" (printed: ${probe.lines.join(" | ")})`);
}

let admin: CommandContext;
let risk: CommandContext;

beforeAll(async () => {
  const seeded = await seedTestData(stack.db);
  const ctxFor = (email: string): CommandContext => ({
    actor: userActor(seeded.byEmail(email)),
    correlationId: `corr-${email}`,
    ip: null,
    clock: stack.clock,
  });
  admin = ctxFor("admin@flux.local");
  risk = ctxFor("risk@flux.local");
});
afterAll(async () => {
  for (const probe of probes) probe.child.kill("SIGTERM");
  await runtime.stop();
});

describe("publish broadcast", () => {
  it("two other processes switch to the new version on the pub/sub message alone", async () => {
    const [web, worker] = [startProbe(), startProbe()];
    await Promise.all([waitForLine(web, "ready v1"), waitForLine(worker, "ready v1")]);

    const draft = await createDraft({ ...stack.deps, rules: runtime }, admin, { title: "Broadcast check" });
    await submitForApproval({ ...stack.deps, rules: runtime }, admin, { id: draft.id });
    await approveAndPublish({ ...stack.deps, rules: runtime }, risk, {
      id: draft.id,
      expectedHash: draft.contentHash,
    });

    await Promise.all([waitForLine(web, "current v2"), waitForLine(worker, "current v2")]);
    expect(web.lines).toEqual(["ready v1", "current v2"]);
    expect(worker.lines).toEqual(["ready v1", "current v2"]);
  });

  it("a process whose Redis is down misses the message but still switches, then re-subscribes", async () => {
    const ownRedis = await disposableRedis();
    await ownRedis.start();
    const client = new Redis(ownRedis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on("error", () => undefined);
    const isolated = new RulesRuntime(
      { db: stack.db, redis: client, redisPrefix: stack.prefix },
      { subscribedTtlMs: 600_000, unsubscribedTtlMs: 300 },
    );
    try {
      await isolated.start();
      expect((await isolated.currentVersion()).version).toBe(2);
      await ownRedis.stop();
      await vi.waitFor(() => expect(isolated.isSubscribed()).toBe(false), { timeout: 5_000 });

      // Published and announced on the shared Redis: this process never hears of it.
      const draft = await createDraft({ ...stack.deps, rules: runtime }, admin, {
        title: "While Redis was down",
      });
      await submitForApproval({ ...stack.deps, rules: runtime }, admin, { id: draft.id });
      await approveAndPublish({ ...stack.deps, rules: runtime }, risk, {
        id: draft.id,
        expectedHash: draft.contentHash,
      });
      await vi.waitFor(async () => expect((await isolated.currentVersion()).version).toBe(3), {
        timeout: 5_000,
      });
      expect(isolated.notifications).toBe(0);

      await ownRedis.start();
      await vi.waitFor(() => expect(isolated.isSubscribed()).toBe(true), { timeout: 10_000 });
    } finally {
      await isolated.stop();
      client.disconnect();
      await ownRedis.dispose();
    }
  });
});
