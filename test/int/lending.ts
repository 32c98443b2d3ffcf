/** Helpers for lending integration tests: fast descriptors, signed QR links, sandbox fault switches. */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { DEMO_SHOPPER_PHONE } from "@/server/auth/demo-accounts";
import { ownerScope } from "@/server/auth/scope";
import { startApplication } from "@/server/lending/applications.service";
import { saveDescriptor } from "@/server/lending/connectors/registry";
import { SANDBOX_DESCRIPTORS } from "@/server/lending/connectors/sandbox-descriptors";
import { newNonce, paiseToRupeesText, signQrLink } from "@/server/lending/qr-link";
import { systemActor, userActor } from "@/server/platform/actor";
import type { TestStack } from "./harness";

export const LENDERS = ["kite", "orbit", "sahyog", "vista"] as const;

/** Publishes version 2 of every sandbox descriptor with test-sized timeouts, inquiry schedule and breaker. */
export async function useFastDescriptors(stack: TestStack, sandboxUrl: string) {
  for (const descriptor of SANDBOX_DESCRIPTORS) {
    await saveDescriptor({ db: stack.db, sandboxUrl }, systemCtx(stack), {
      descriptor: {
        ...descriptor,
        timeouts: { requestMs: 1_500 },
        retry: { maxAttempts: 2, baseDelayMs: 50 },
        inquiry: { delaysMs: [200, 400, 800] },
        breaker: {
          windowSeconds: 30,
          minimumCalls: 3,
          failureRatio: 0.5,
          slowCallMs: 1_400,
          slowCallRatio: 0.9,
          openSeconds: 2,
        },
      },
      note: "test timings",
    });
  }
}

export function systemCtx(stack: TestStack) {
  return { actor: systemActor("test"), correlationId: randomUUID(), ip: null, clock: stack.clock };
}

export async function shopper(stack: TestStack) {
  const user = await stack.db.user.findUniqueOrThrow({ where: { phone: DEMO_SHOPPER_PHONE } });
  const actor = userActor({ id: user.id, roles: user.roles, organisationId: null });
  return {
    user,
    actor,
    ctx: () => ({ actor, correlationId: randomUUID(), ip: null, clock: stack.clock }),
    owner: ownerScope(actor),
  };
}

/** A QR link as the store view signs it. */
export function signedLink(
  stack: TestStack,
  input: { storeCode: string; amountPaise: bigint; item?: string; expiresInMs?: number },
) {
  const expiresAt = new Date(Date.now() + (input.expiresInMs ?? 10 * 60_000));
  const fields = {
    storeCode: input.storeCode,
    amountPaise: input.amountPaise,
    item: input.item ?? "Phone",
    expiresAt,
    nonce: newNonce(),
  };
  return {
    storeCode: fields.storeCode,
    amount: paiseToRupeesText(fields.amountPaise),
    item: fields.item,
    exp: String(Math.floor(expiresAt.getTime() / 1000)),
    nonce: fields.nonce,
    sig: signQrLink(stack.deps.secret, fields),
  };
}

/** PAN whose sandbox bureau score is `score` (300 + digits mod 601). */
export function panWithScore(score: number): string {
  const digits = String(score - 300).padStart(4, "0");
  return `ABCPE${digits}K`;
}

export const GOOD_APPLICANT = {
  pan: panWithScore(790),
  dateOfBirth: "1990-04-12",
  monthlyIncomeRupees: 85_000,
  employmentType: "SALARIED" as const,
  pincode: "560034",
  bureauConsent: true as const,
};

export async function apply(
  stack: TestStack,
  storeCode: string,
  overrides: Partial<typeof GOOD_APPLICANT> = {},
  amountPaise = 45_000_00n,
) {
  const who = await shopper(stack);
  return startApplication(stack.deps, who.ctx(), who.owner, {
    link: signedLink(stack, { storeCode, amountPaise }),
    applicant: { ...GOOD_APPLICANT, ...overrides },
  });
}

export async function setFaults(sandboxUrl: string, code: string, faults: Record<string, unknown>) {
  const response = await fetch(`${sandboxUrl}/lenders/_admin/${code}/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  expect(response.status).toBe(200);
}

export async function resetFaults(sandboxUrl: string) {
  await fetch(`${sandboxUrl}/lenders/_admin/reset`, { method: "POST" });
}

export interface LedgerView {
  entries: { reference: string; status: string }[];
  calls: { reference: string; apply: number; inquiry: number; cancel: number }[];
  authCalls: number;
}

export async function ledger(sandboxUrl: string, code: string, prefix = ""): Promise<LedgerView> {
  const response = await fetch(
    `${sandboxUrl}/lenders/_admin/${code}/ledger?prefix=${encodeURIComponent(prefix)}`,
  );
  return (await response.json()) as LedgerView;
}

export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 40_000,
  label = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${label}: ${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function applicationStatus(stack: TestStack, id: string) {
  return stack.db.loanApplication.findUniqueOrThrow({
    where: { id },
    include: { attempts: { orderBy: { startedAt: "asc" } }, offers: true },
  });
}
