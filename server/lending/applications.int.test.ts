/**
 * Bad input never reaches a lender: malformed PAN or dates, under-age applicants, amounts outside the
 * store's limits, expired or tampered QR links all get a clear error, and nothing is written but an audit
 * line. Through the tRPC caller, so the procedures' guards and schemas are part of what is tested.
 */
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/trpc/root";
import { createTestStack, type TestStack } from "@/test/int/harness";
import { GOOD_APPLICANT, shopper, signedLink } from "@/test/int/lending";
import { seedTestData } from "@/test/int/seed";

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack("checkout");
  await seedTestData(stack.db);
});

async function caller() {
  const who = await shopper(stack);
  return createCaller({
    actor: who.actor,
    ip: "127.0.0.1",
    correlationId: `corr-${Date.now()}-bad`,
    deps: stack.deps,
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

const counts = async () => ({
  applications: await stack.db.loanApplication.count(),
  outbox: await stack.db.outboxEvent.count({ where: { jobName: "lending.application.advance" } }),
  refusals: await stack.db.auditEvent.count({ where: { action: "lending.application.refused" } }),
});

describe("bad input is refused before any lender is asked", () => {
  it.each([
    [
      "a tampered amount",
      () => ({ ...signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 45_000_00n }), amount: "4500" }),
      {},
      /changed after the store created it/,
    ],
    [
      "an expired QR code",
      () => signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 45_000_00n, expiresInMs: -60_000 }),
      {},
      /expired/,
    ],
    [
      "an amount above the store's limit",
      () => signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 900_000_00n }),
      {},
      /available for purchases from ₹1,000 to ₹5,00,000/,
    ],
    [
      "an amount below the store's limit",
      () => signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 500_00n }),
      {},
      /available for purchases from/,
    ],
    [
      "an under-age applicant",
      () => signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 45_000_00n }),
      { dateOfBirth: "2012-06-01" },
      /18 or older/,
    ],
    [
      "a date of birth in the future",
      () => signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 45_000_00n }),
      { dateOfBirth: "2099-01-01" },
      /cannot be in the future/,
    ],
  ])("%s", async (_label, link, overrides, message) => {
    const before = await counts();
    const result = await refusal(
      (await caller()).lending.checkout.start({
        link: link(),
        applicant: { ...GOOD_APPLICANT, ...overrides },
      }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(message);
    const after = await counts();
    expect(after.applications).toBe(before.applications);
    expect(after.outbox).toBe(before.outbox);
    expect(after.refusals).toBe(before.refusals + 1);
  });

  it.each([
    ["a malformed PAN", { pan: "ABC12" }, /PAN/],
    ["an impossible date", { dateOfBirth: "1990-02-30" }, /real date/],
    ["no bureau consent", { bureauConsent: false }, /Tick the box/],
    ["a malformed pincode", { pincode: "5600" }, /pincode/],
  ])("%s is refused by the shared schema", async (_label, overrides, message) => {
    const before = await counts();
    const result = await refusal(
      (await caller()).lending.checkout.start({
        link: signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 45_000_00n }),
        applicant: { ...GOOD_APPLICANT, ...overrides } as never,
      }),
    );
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.message).toMatch(message);
    expect((await counts()).applications).toBe(before.applications);
  });

  it("a good application is accepted once per QR code: a re-submit resumes the same application", async () => {
    const api = await caller();
    const link = signedLink(stack, { storeCode: "METRO-KOR", amountPaise: 45_000_00n });
    const first = await api.lending.checkout.start({ link, applicant: GOOD_APPLICANT });
    const again = await api.lending.checkout.start({ link, applicant: GOOD_APPLICANT });
    expect(again).toEqual({ ...first, resumed: true });
    const row = await stack.db.loanApplication.findUniqueOrThrow({ where: { id: first.applicationId } });
    expect(row.panMasked).toMatch(/^ABXXX\dXX\d[A-Z]$/);
    expect(row.panCiphertext).not.toContain(GOOD_APPLICANT.pan);
    expect(row.bureauConsentText).toMatch(/credit report/);
  });
});
