/** The lendingRules procedures as the browser calls them: guards, error codes and messages. */
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { userActor } from "../../platform/actor";
import { createCaller } from "../../trpc/root";

const stack = await createTestStack("rules-router");
let caller: (email: string) => ReturnType<typeof createCaller>;

beforeAll(async () => {
  const seeded = await seedTestData(stack.db);
  caller = (email: string) =>
    createCaller({
      actor: userActor(seeded.byEmail(email)),
      ip: "127.0.0.1",
      correlationId: "corr-rules-router",
      deps: stack.deps,
    });
});

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const applicant = {
  dateOfBirth: "1994-07-15",
  bureauScore: 742,
  monthlyIncomeRupees: 60000,
  employmentType: "SALARIED" as const,
  pincode: "560034",
  ticketRupees: 50000,
  merchantCategory: "ELECTRONICS",
};

describe("lendingRules router", () => {
  it("evaluates an applicant, and refuses bad input with the field", async () => {
    const result = await caller("admin@flux.local").lendingRules.evaluate(applicant);
    expect(result.lenders.map((l) => l.lenderCode)).toEqual(["kite", "orbit", "sahyog", "vista"]);
    expect(result.facts.pincodeRiskWeight).toBe(15);
    const bad = await trpcError(
      caller("admin@flux.local").lendingRules.evaluate({ ...applicant, pincode: "056003" }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    const impossible = await trpcError(
      caller("admin@flux.local").lendingRules.evaluate({ ...applicant, dateOfBirth: "1994-02-30" }),
    );
    expect(impossible.code).toBe("BAD_REQUEST");
    expect(impossible.message).toBe("Date of birth is not a real calendar date.");
    expect(await stack.db.lendingRuleEvaluation.count()).toBe(0);
  });

  it("maker-checker through the API: the author is FORBIDDEN, the second admin publishes", async () => {
    const admin = caller("admin@flux.local");
    const draft = await admin.lendingRules.createDraft({ title: "Via the API" });
    await admin.lendingRules.submit({ id: draft.id });
    const refused = await trpcError(
      admin.lendingRules.approve({ id: draft.id, expectedHash: draft.contentHash }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/another admin must approve it/);
    const published = await caller("risk@flux.local").lendingRules.approve({
      id: draft.id,
      expectedHash: draft.contentHash,
    });
    expect(published.version).toBe(2);
    const versions = await admin.lendingRules.versions();
    expect(versions.find((v) => v.current)?.version).toBe(2);
    expect(versions.find((v) => v.version === 2)?.approvedByName).toBe("Rahul Risk");
    const unprocessable = await trpcError(
      admin.lendingRules.updateDraft({
        id: draft.id,
        content: { nodes: [], edges: [] },
        expectedHash: draft.contentHash,
      }),
    );
    expect(unprocessable.code).toBe("UNPROCESSABLE_CONTENT");
  });
});
