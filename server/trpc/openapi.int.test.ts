import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { seedLoans } from "@/prisma/seed/loans";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { handleRestRequest, openApiDocument } from "./openapi";

const stack = await createTestStack("openapi");
const seeded = await seedTestData(stack.db);
await seedLoans(stack.db);
const shopper = seeded.users.find((user) => user.phone === "+919876543210")!;
const token = await encode({
  token: { uid: shopper.id, roles: ["shopper"], method: "otp" },
  secret: stack.deps.secret,
});

const rest = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
  handleRestRequest(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      ...init,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        "content-type": "application/json",
      },
    }),
    stack.deps,
  );

describe("loan-state API (OpenAPI 3.1, generated from the procedures)", () => {
  it("describes the loan endpoints", () => {
    const document = openApiDocument("http://127.0.0.1:3000") as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toMatch(/^3\.1/);
    expect(Object.keys(document.paths).sort()).toEqual(
      ["/loans", "/loans/{loanId}", "/loans/{loanId}/documents/{kind}", "/loans/{loanId}/payments"].sort(),
    );
  });

  it("serves the borrower's loans over REST with the session token, and refuses without it", async () => {
    expect((await rest("/loans", {}, null)).status).toBe(401);
    const response = await rest("/loans");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      loans: { id: string; principalPaise: string; status: string }[];
    };
    expect(body.loans).toHaveLength(3);
    expect(body.loans[0]?.principalPaise).toMatch(/^\d+$/);
    const active = body.loans.find((loan) => loan.status === "ACTIVE")!;
    const detail = (await (await rest(`/loans/${active.id}`)).json()) as { schedule: { status: string }[] };
    expect(detail.schedule.length).toBeGreaterThan(0);

    const stranger = await encode({
      token: { uid: "0190f1b2-0000-7000-8000-0000000000ab", roles: ["shopper"], method: "otp" },
      secret: stack.deps.secret,
    });
    expect((await rest(`/loans/${active.id}`, {}, stranger)).status).toBeGreaterThanOrEqual(401);
    expect((await rest("/loans/not-a-uuid")).status).toBe(400);
  });
});
