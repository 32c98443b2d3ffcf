import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "@/server/platform/actor";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { bookLoanFromAcceptedOffer } from "../book.service";
import { demoAcceptedOffer } from "../offer-fixture";
import { issueAgreement } from "./agreement.service";
import { signedDocumentPath, verifyDocumentLink } from "./links";
import { PdfPool } from "./pdf-pool";

const stack = await createTestStack("loansdocs");
const { db } = stack;
await seedTestData(db);
const shopper = await db.user.findFirstOrThrow({ where: { roles: { has: "shopper" } } });
const store = await db.store.findFirstOrThrow({ where: { code: "METRO-KOR" } });
const ctx = {
  actor: systemActor("test"),
  correlationId: "corr-loans-docs-0001",
  ip: null,
  clock: stack.clock,
};
const pool = new PdfPool({ size: 1, recycleAfter: 3, timeoutMs: 30_000, attempts: 2 });
afterAll(() => pool.close());
const deps = {
  db,
  clock: stack.clock,
  pdf: pool,
  linkSecret: stack.deps.secret,
  appUrl: "http://127.0.0.1:3999",
};
const work = mkdtempSync(path.join(tmpdir(), "flux-docs-"));

async function bookOne() {
  return bookLoanFromAcceptedOffer(
    stack.deps,
    ctx,
    demoAcceptedOffer({
      borrower: {
        userId: shopper.id,
        name: shopper.name,
        phone: shopper.phone ?? "+919876543210",
        email: "shopper@example.com",
      },
      merchant: { organisationId: store.organisationId, storeId: store.id },
    }),
  );
}

describe("loan agreement PDF", () => {
  it("renders a 10+ page agreement, signs it (pdfsig verifies), stores its SHA-256 and sends a signed link", async () => {
    const booked = await bookOne();
    const issued = await issueAgreement(deps, ctx, booked.loanId);
    expect(issued.created).toBe(true);
    expect(issued.pageCount).toBeGreaterThanOrEqual(10);
    const document = await db.loanDocument.findUniqueOrThrow({ where: { id: issued.documentId } });
    expect(createHash("sha256").update(document.bytes).digest("hex")).toBe(issued.sha256);
    expect((await db.loan.findUniqueOrThrow({ where: { id: booked.loanId } })).agreementSha256).toBe(
      issued.sha256,
    );

    const file = path.join(work, "agreement.pdf");
    writeFileSync(file, document.bytes);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(issued.pageCount);
    const sig = execFileSync("pdfsig", [file], { encoding: "utf8" });
    expect(sig).toMatch(/Signature #1/);
    expect(sig).toMatch(/Signature Validation: Signature is Valid/);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    for (const needle of [
      "Key Fact Statement",
      "Repayment schedule",
      "Mandatory disclosures",
      "Grievance",
      "Sandbox Finance Ltd",
    ]) {
      expect(text).toContain(needle);
    }

    const messages = await db.outboundMessage.findMany({ where: { template: "loans.agreement" } });
    expect(messages.map((message) => message.channel).sort()).toEqual(["EMAIL", "SMS"]);
    const outbox = await db.outboxEvent.findMany({ where: { jobName: "messaging.sms.send" } });
    const body = JSON.stringify(outbox.map((row) => row.payload));
    const link = /\/api\/loans\/documents\/([0-9a-f-]{36})\?exp=(\d+)&sig=([A-Za-z0-9_-]+)/.exec(body);
    expect(link?.[1]).toBe(issued.documentId);
    expect(verifyDocumentLink(stack.deps.secret, link![1]!, link![2]!, link![3]!, new Date())).toBe("ok");
    expect(
      verifyDocumentLink(stack.deps.secret, link![1]!, link![2]!, `${link![3]!.slice(0, -2)}xx`, new Date()),
    ).toBe("invalid");
    expect(
      verifyDocumentLink(
        stack.deps.secret,
        link![1]!,
        link![2]!,
        link![3]!,
        new Date(Date.now() + 25 * 3600_000),
      ),
    ).toBe("expired");

    // A retried job finds the document: still one document, nothing re-sent.
    const again = await issueAgreement(deps, ctx, booked.loanId);
    expect(again).toMatchObject({ documentId: issued.documentId, created: false });
    expect(await db.loanDocument.count({ where: { loanId: booked.loanId } })).toBe(1);
    expect(await db.outboundMessage.count({ where: { template: "loans.agreement" } })).toBe(2);
  });

  it("two workers issuing the same agreement at once store one document", async () => {
    const booked = await bookOne();
    const secondPool = new PdfPool({ size: 1 });
    try {
      const results = await Promise.all([
        issueAgreement(deps, ctx, booked.loanId),
        issueAgreement({ ...deps, pdf: secondPool }, ctx, booked.loanId),
      ]);
      expect(new Set(results.map((result) => result.documentId)).size).toBe(1);
      expect(await db.loanDocument.count({ where: { loanId: booked.loanId } })).toBe(1);
    } finally {
      await secondPool.close();
    }
  });

  it("retries on a fresh browser when Chromium dies mid-way, and recycles after N renders", async () => {
    await pool.render("<p>warm</p>");
    const launches = pool.stats.launches;
    const big = `<table>${"<tr><td>row</td><td>cell</td></tr>".repeat(4000)}</table>`;
    const pending = pool.render(big);
    await new Promise((resolve) => setTimeout(resolve, 50));
    pool.browsers()[0]?.process()?.kill("SIGKILL");
    const result = await pending;
    expect(new TextDecoder().decode(result.pdf.slice(0, 5))).toBe("%PDF-");
    const after = await pool.render("<h1>after a crash</h1>");
    expect(new TextDecoder().decode(after.pdf.slice(0, 5))).toBe("%PDF-");
    // The killed browser was replaced by a fresh one (during the render, or before the next).
    expect(pool.stats.launches).toBeGreaterThan(launches);
    const recyclesBefore = pool.stats.recycles;
    for (let index = 0; index < 3; index += 1) await pool.render(`<p>${index}</p>`);
    expect(pool.stats.recycles).toBeGreaterThan(recyclesBefore);
  });

  it("signed links carry their own expiry", () => {
    const now = new Date("2026-03-06T10:00:00Z");
    const link = signedDocumentPath(
      "secret-secret-secret-secret-secret",
      "0190f1b2-0000-7000-8000-000000000001",
      now,
      600,
    );
    const url = new URL(link, "http://x");
    expect(
      verifyDocumentLink(
        "secret-secret-secret-secret-secret",
        "0190f1b2-0000-7000-8000-000000000001",
        url.searchParams.get("exp"),
        url.searchParams.get("sig"),
        now,
      ),
    ).toBe("ok");
  });
});
