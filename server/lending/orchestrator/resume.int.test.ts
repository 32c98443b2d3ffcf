/**
 * A worker process killed mid-waterfall (SIGKILL while a lender call is in flight): another worker takes
 * over the lease, treats the in-flight attempt as unknown, asks the lender's status endpoint, and never
 * sends that application to that lender a second time. A stale lease holder's writes are refused.
 */
import { type ChildProcess, spawn } from "node:child_process";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveDescriptor } from "@/server/lending/connectors/registry";
import { SANDBOX_DESCRIPTORS } from "@/server/lending/connectors/sandbox-descriptors";
import { sandboxMessageProvider } from "@/server/messaging/providers";
import { createRedis } from "@/server/platform/redis";
import { createTestStack, REDIS_URL, type TestStack } from "@/test/int/harness";
import {
  applicationStatus,
  apply,
  ledger,
  setFaults,
  systemCtx,
  useFastDescriptors,
  waitFor,
} from "@/test/int/lending";
import { startTestSandbox } from "@/test/int/sandbox";
import { seedTestData } from "@/test/int/seed";
import { type RunningWorkers, startWorkers } from "@/workers/runtime";
import { sweep } from "../operations.service";
import { acquireLease, fenced, type LendingDeps, type Plan, StaleLeaseError } from "./orchestrator";

process.env.LENDING_LEASE_MS = "2000";

let stack: TestStack;
let sandbox: { url: string };
let deps: LendingDeps;
const children: ChildProcess[] = [];
let running: RunningWorkers | undefined;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stack = await createTestStack("resume", { sandboxUrl: sandbox.url });
  await seedTestData(stack.db);
  await useFastDescriptors(stack, sandbox.url);
  deps = {
    db: stack.db,
    redis: stack.redis,
    redisPrefix: stack.prefix,
    sandboxUrl: sandbox.url,
    clock: stack.clock,
  };
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await running?.stop();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: stack.database.url,
      REDIS_URL,
      REDIS_PREFIX: stack.prefix,
      SANDBOX_URL: sandbox.url,
      WORKER_QUEUES: "lending",
      LOG_LEVEL: "silent",
      LENDING_LEASE_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker process did not start")), 90_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("workers ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

describe("fencing", () => {
  it("refuses a write from a lease holder that was taken over", async () => {
    const { applicationId } = await apply(stack, "CITY-TNAGAR");
    await stack.db.loanApplication.update({ where: { id: applicationId }, data: { status: "IN_PROGRESS" } });
    const staleFence = await acquireLease(deps, applicationId, "worker-a");
    expect(staleFence).not.toBeNull();
    expect(await acquireLease(deps, applicationId, "worker-b")).toBeNull(); // held
    await stack.db.loanApplication.update({
      where: { id: applicationId },
      data: { leaseUntil: new Date(Date.now() - 1) },
    });
    const fresh = await acquireLease(deps, applicationId, "worker-b");
    expect(fresh).toBe(staleFence! + 1n);
    await expect(
      fenced(deps, applicationId, staleFence!, async ({ tx }) =>
        tx.loanApplication.update({ where: { id: applicationId }, data: { declineReason: "stale write" } }),
      ),
    ).rejects.toBeInstanceOf(StaleLeaseError);
    const row = await stack.db.loanApplication.findUniqueOrThrow({ where: { id: applicationId } });
    expect(row.declineReason).toBeNull();
    await fenced(deps, applicationId, fresh!, async ({ tx }) =>
      tx.loanApplication.update({ where: { id: applicationId }, data: { declineReason: "current holder" } }),
    );
    expect(
      (await stack.db.loanApplication.findUniqueOrThrow({ where: { id: applicationId } })).declineReason,
    ).toBe("current holder");
  });
});

describe("a worker killed mid-waterfall", () => {
  it("is resumed by another worker, which asks the lender's status instead of applying again", async () => {
    const probe = await apply(stack, "METRO-KOR");
    const child = await startWorkerProcess();
    const planned = await waitFor(
      () => applicationStatus(stack, probe.applicationId),
      (a) => a.status === "OFFERED",
      30_000,
      "probe application",
    );
    const first = (planned.plan as unknown as Plan).lenders[0]!.lenderCode;
    // The first lender now answers after about 2.5 s (within a 10 s timeout): the worker dies mid-call.
    const slow = SANDBOX_DESCRIPTORS.find((d) => d.code === first)!;
    await saveDescriptor({ db: stack.db, sandboxUrl: sandbox.url }, systemCtx(stack), {
      descriptor: { ...slow, timeouts: { requestMs: 10_000 }, inquiry: { delaysMs: [200, 400, 800] } },
      note: "slow first lender",
    });
    await setFaults(sandbox.url, first, { latency: { medianMs: 2_500, p95Ms: 2_600 } });

    const { applicationId } = await apply(stack, "METRO-KOR");
    const inFlight = await waitFor(
      () => applicationStatus(stack, applicationId),
      (a) => a.attempts.some((attempt) => attempt.outcome === "IN_FLIGHT"),
      30_000,
      "an attempt in flight",
    );
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(inFlight.attempts.map((a) => `${a.lenderCode}:${a.kind}:${a.outcome}`)).toEqual([
      `${first}:APPLY:IN_FLIGHT`,
    ]);
    // The lender finishes the call the dead worker made (it committed the decision on its side).
    await waitFor(
      () => ledger(sandbox.url, first, inFlight.reference),
      (view) => view.entries.length === 1,
      15_000,
      "the lender to finish the orphaned call",
    );
    await setFaults(sandbox.url, first, { latency: null });

    // Another worker (in this process) and the sweep that finds applications whose lease expired.
    running = await startWorkers({
      deps: {
        db: stack.db,
        clock: stack.clock,
        messageProvider: sandboxMessageProvider(sandbox.url),
        redis: stack.redis,
        redisPrefix: stack.prefix,
        sandboxUrl: sandbox.url,
      },
      db: stack.db,
      databaseUrl: stack.database.url,
      queues: stack.queues,
      createWorkerConnection: () => createRedis("worker"),
      redis: stack.redis,
      prefix: stack.prefix,
      logger: pino({ level: "silent" }),
      queueNames: ["lending"],
      schedules: false,
      relayPollIntervalMs: 100,
    });
    const decided = await waitFor(
      async () => {
        await sweep(deps);
        return applicationStatus(stack, applicationId);
      },
      (a) => a.status === "OFFERED",
      30_000,
      "the resumed application",
    );
    const outcomes = decided.attempts.map((a) => `${a.lenderCode}:${a.kind}:${a.outcome}`);
    expect(outcomes[0]).toBe(`${first}:APPLY:UNKNOWN`);
    expect(decided.attempts[0]!.reason).toMatch(/worker stopped/);
    expect(outcomes[1]).toBe(`${first}:INQUIRY:APPROVED`);
    expect(decided.offers.map((o) => o.lenderCode)).toEqual([first]);
    expect(decided.fenceToken).toBeGreaterThan(inFlight.fenceToken);
    // The lender saw the application exactly once.
    const view = await ledger(sandbox.url, first, decided.reference);
    expect(view.calls.map((c) => c.apply)).toEqual([1]);
  });
});
