/**
 * The connector runtime against the sandbox lenders over real HTTP: every lender's different API driven
 * by its descriptor, a fifth lender registered purely from a descriptor, single-flight token refresh,
 * atomic secret rotation, re-authentication when a token dies mid-flow, and transport faults classified.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/server/platform/actor";
import { createTestStack, type TestStack } from "@/test/int/harness";
import { startTestSandbox } from "@/test/int/sandbox";
import { seedTestData } from "@/test/int/seed";
import { type ConnectorDeps, callOperation } from "./client";
import type { CanonicalApplication } from "./mapping";
import { loadConnector, saveDescriptor } from "./registry";
import { loadSecrets } from "./secrets";

let stack: TestStack;
let sandbox: { url: string };
let deps: ConnectorDeps;

const ctx = () => ({
  actor: systemActor("test"),
  correlationId: randomUUID(),
  ip: null,
  clock: stack.clock,
});

function application(
  overrides: Partial<CanonicalApplication["applicant"]> = {},
  score = 790,
): CanonicalApplication {
  const reference = `T${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`;
  return {
    reference,
    requestId: randomUUID(),
    callbackUrl: null,
    ticketPaise: 45_000_00n,
    bureauScore: score,
    applicant: {
      pan: "ABCDE1234F",
      dateOfBirth: "1990-04-12",
      monthlyIncomePaise: 85_000_00n,
      employmentType: "SALARIED",
      pincode: "560034",
      ...overrides,
    },
    merchant: { category: "ELECTRONICS", storeCode: "METRO-KOR" },
  };
}

async function setFaults(code: string, faults: Record<string, unknown>) {
  const response = await fetch(`${sandbox.url}/lenders/_admin/${code}/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  expect(response.status).toBe(200);
}

async function lenderLedger(code: string, prefix = "") {
  const response = await fetch(`${sandbox.url}/lenders/_admin/${code}/ledger?prefix=${prefix}`);
  return (await response.json()) as {
    entries: { reference: string; status: string }[];
    calls: { reference: string; apply: number; inquiry: number }[];
    authCalls: number;
  };
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stack = await createTestStack("connectors", { sandboxUrl: sandbox.url });
  await seedTestData(stack.db);
  deps = { db: stack.db, redis: stack.redis, redisPrefix: stack.prefix, sandboxUrl: sandbox.url };
});

describe("sandbox lenders through their descriptors", () => {
  it.each(["kite", "orbit", "sahyog", "vista"])(
    "%s: approves, replays by our reference, answers status inquiries and cancels",
    async (code) => {
      const connector = (await loadConnector(deps, code))!;
      const canonical = application();
      const first = await callOperation(deps, connector, "apply", canonical);
      expect(first.outcome).toBe("APPROVED");
      expect(first.offer?.principalPaise).toBe(45_000_00n);
      expect(first.offer?.tenorMonths).toBeGreaterThan(0);
      expect(first.offer?.annualRateBps).toBeGreaterThan(0);
      expect(first.lenderReference).toMatch(new RegExp(`^${code.toUpperCase()}-`));

      const replay = await callOperation(deps, connector, "apply", { ...canonical, requestId: randomUUID() });
      expect(replay.outcome).toBe("APPROVED");
      expect(replay.lenderReference).toBe(first.lenderReference);

      const status = await callOperation(deps, connector, "status", canonical);
      expect(status.outcome).toBe("APPROVED");
      expect(status.offer).toEqual(first.offer);

      const unknown = await callOperation(deps, connector, "status", application());
      expect(unknown.outcome).toBe("NOT_FOUND");

      const cancelled = await callOperation(deps, connector, "cancel", canonical);
      expect(cancelled.outcome).toBe("CANCELLED");
      expect((await callOperation(deps, connector, "status", canonical)).outcome).toBe("CANCELLED");
    },
  );

  it("each lender applies its own policy: a 610 score is declined by kite and approved by sahyog", async () => {
    const kite = await callOperation(
      deps,
      (await loadConnector(deps, "kite"))!,
      "apply",
      application({}, 610),
    );
    expect(kite.outcome).toBe("DECLINED");
    expect(kite.reason).toContain("score");
    const sahyog = await callOperation(
      deps,
      (await loadConnector(deps, "sahyog"))!,
      "apply",
      application({}, 610),
    );
    expect(sahyog.outcome).toBe("APPROVED");
  });
});

describe("a fifth lender is a descriptor, not code", () => {
  it("registers nova from JSON and gets an offer", async () => {
    const descriptor = {
      code: "nova",
      name: "Nova Lending",
      baseUrl: "{sandbox}",
      disclosure: {
        regulatoryStatus: "NBFC registered with the RBI (sandbox)",
        grievanceOfficer: { name: "Nisha Rao", email: "grievance@nova.example", phone: "+91 80 1111 2222" },
      },
      auth: { scheme: "basic", usernameSecret: "user", passwordSecret: "password" },
      operations: {
        apply: {
          method: "POST",
          path: "/nova/quote",
          body: {
            id: { $from: "reference" },
            pan: { $from: "applicant.pan" },
            dob: { $from: "applicant.dateOfBirth" },
            salary: { $from: "applicant.monthlyIncomePaise", $transform: "paiseNumber" },
            job: { $from: "applicant.employmentType" },
            zip: { $from: "applicant.pincode" },
            amount: { $from: "ticketPaise", $transform: "paiseNumber" },
            score: { $from: "bureauScore" },
          },
          outcomes: [
            { status: [200], field: "outcome", equals: ["OK"], outcome: "APPROVED" },
            { status: [200], field: "outcome", equals: ["NO"], outcome: "DECLINED" },
            { status: [401], outcome: "AUTH_EXPIRED" },
          ],
          response: {
            lenderReference: { path: "nova_id" },
            reason: { path: "reason" },
            offer: {
              principalPaise: { path: "quote.amount", transform: "paise" },
              tenorMonths: { path: "quote.months", transform: "number" },
              annualRateBps: { path: "quote.rate_bps", transform: "number" },
              processingFeePaise: { path: "quote.fee", transform: "paise" },
            },
          },
        },
        status: {
          method: "GET",
          path: "/nova/quote/{reference}",
          outcomes: [
            { status: [200], field: "outcome", equals: ["OK"], outcome: "APPROVED" },
            { status: [200], field: "outcome", equals: ["NO"], outcome: "DECLINED" },
            { status: [404], outcome: "NOT_FOUND" },
          ],
        },
      },
    };
    const saved = await saveDescriptor(deps, ctx(), {
      descriptor,
      note: "new lender",
      secrets: { user: "flux", password: "nova_sandbox_pass_c4d0" },
    });
    expect(saved).toEqual({ code: "nova", version: 1, missingSecrets: [] });
    const nova = (await loadConnector(deps, "nova"))!;
    const result = await callOperation(deps, nova, "apply", application());
    expect(result.outcome).toBe("APPROVED");
    expect(result.offer).toMatchObject({ principalPaise: 45_000_00n, tenorMonths: 6 });

    await expect(
      saveDescriptor(deps, ctx(), { descriptor: { ...descriptor, auth: { scheme: "kerberos" } } }),
    ).rejects.toThrow(/descriptor is not valid: auth/);
    expect((await loadConnector(deps, "nova"))!.version).toBe(1);
  });
});

describe("tokens and secrets", () => {
  it("refreshes an OAuth2 token once for many concurrent callers, and re-authenticates once when it dies mid-flow", async () => {
    await fetch(`${sandbox.url}/lenders/_admin/orbit/revoke-tokens`, { method: "POST" });
    await stack.redis.del(`${stack.prefix}:lending:token:orbit`);
    const orbit = (await loadConnector(deps, "orbit"))!;
    const before = (await lenderLedger("orbit")).authCalls;
    const results = await Promise.all(
      Array.from({ length: 12 }, () => callOperation(deps, orbit, "apply", application())),
    );
    expect(results.every((r) => r.outcome === "APPROVED")).toBe(true);
    expect((await lenderLedger("orbit")).authCalls - before).toBe(1);

    await setFaults("orbit", { mode: "expire_token", rate: 1 });
    try {
      const midFlow = await callOperation(deps, orbit, "apply", application());
      expect(midFlow.outcome).toBe("APPROVED");
      expect(midFlow.reauthenticated).toBe(true);
      expect((await lenderLedger("orbit")).authCalls - before).toBe(2);
    } finally {
      await setFaults("orbit", { mode: "none" });
    }
  });

  it("runs the 4-step handshake once for concurrent callers and persists the rotated secret atomically", async () => {
    const sahyog = (await loadConnector(deps, "sahyog"))!;
    await stack.redis.del(`${stack.prefix}:lending:token:sahyog`);
    const secretsBefore = await loadSecrets(stack.db, "sahyog");
    const authBefore = (await lenderLedger("sahyog")).authCalls;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => callOperation(deps, sahyog, "apply", application())),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(8).fill("APPROVED"));
    expect((await lenderLedger("sahyog")).authCalls - authBefore).toBe(1);
    const secretsAfter = await loadSecrets(stack.db, "sahyog");
    expect(secretsAfter.values.signingSecret).not.toBe(secretsBefore.values.signingSecret);
    expect(Number(secretsAfter.values.keyGeneration)).toBe(Number(secretsBefore.values.keyGeneration) + 1);
    const stored = await stack.db.lenderSecret.findFirst({
      where: { lenderCode: "sahyog", name: "signingSecret" },
    });
    expect(stored?.ciphertext).not.toContain(secretsAfter.values.signingSecret!);

    // The session dies mid-flow: the next handshake must sign with the rotated secret (the old one is dead).
    await setFaults("sahyog", { mode: "expire_token", rate: 1 });
    try {
      const midFlow = await callOperation(deps, sahyog, "apply", application());
      expect(midFlow).toMatchObject({ outcome: "APPROVED", reauthenticated: true });
      expect((await lenderLedger("sahyog")).authCalls - authBefore).toBe(2);
    } finally {
      await setFaults("sahyog", { mode: "none" });
    }
  });
});

describe("transport faults are classified by what the lender may have seen", () => {
  it("timeout and reset are UNKNOWN (never a decline); 5xx the lender documents as not processed is RETRYABLE", async () => {
    const kite = (await loadConnector(deps, "kite"))!;
    await setFaults("kite", { mode: "timeout", rate: 1 });
    try {
      const timedOut = await callOperation(deps, kite, "apply", application(), { timeoutMs: 300 });
      expect(timedOut.outcome).toBe("UNKNOWN");
      expect(timedOut.reason).toContain("no answer");
      await setFaults("kite", { mode: "reset" });
      expect((await callOperation(deps, kite, "apply", application())).outcome).toBe("UNKNOWN");
      await setFaults("kite", { mode: "error5xx" });
      expect((await callOperation(deps, kite, "apply", application())).outcome).toBe("RETRYABLE");
      await setFaults("kite", { mode: "approve_then_timeout", hangMs: 2_000 });
      const ghost = application();
      expect((await callOperation(deps, kite, "apply", ghost, { timeoutMs: 300 })).outcome).toBe("UNKNOWN");
      await setFaults("kite", { mode: "none" });
      // The status inquiry finds the loan the lender committed.
      expect((await callOperation(deps, kite, "status", ghost)).outcome).toBe("APPROVED");
    } finally {
      await setFaults("kite", { mode: "none" });
    }
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const refused = { ...kite, baseUrl: `http://127.0.0.1:${closedPort}` };
    expect((await callOperation(deps, refused, "apply", application())).outcome).toBe("RETRYABLE");
  });
});
