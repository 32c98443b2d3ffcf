/**
 * The loan book on a phone: a booked loan's signed agreement opens from the SMS link and from the app;
 * an EMI paid through the sandbox gateway updates the schedule; foreclosure closes the loan and its
 * no-dues certificate downloads; an admin sees the loan's events.
 */
import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import { SANDBOX_URL } from "../env";
import { latestCode } from "../fixtures";

function bookLoan(phone: string): { loanId: string; reference: string } {
  const out = execFileSync(process.execPath, ["--import", "tsx", "e2e/support/book-loan.ts", phone], {
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  return JSON.parse(out.trim().split("\n").at(-1) as string);
}

async function signInShopper(page: Page, phone: string) {
  await page.goto("/checkout");
  await page.getByLabel("Mobile number").fill(phone.slice(3));
  await page.getByRole("button", { name: "Send code" }).click();
  const code = await latestCode(page.request, phone);
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page).toHaveURL(/\/checkout\/home$/);
}

async function pdfFrom(page: Page, click: () => Promise<void>) {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().includes("/api/loans/documents/")),
    click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  // The browser hands PDFs to its viewer; fetch the same short-lived signed link to check the bytes.
  const again = await page.request.get(response.url());
  expect(again.status()).toBe(200);
  const body = await again.body();
  expect(body.subarray(0, 5).toString()).toBe("%PDF-");
  expect(body.includes(Buffer.from("/ByteRange"))).toBe(true); // digitally signed
  return body;
}

async function payOnGateway(page: Page) {
  await expect(page).toHaveURL(new RegExp(`^${SANDBOX_URL}/gateway/checkout/`));
  await page.getByRole("button", { name: /^Pay ₹/ }).click();
  await expect(page).toHaveURL(/\/checkout\/home\/loans\/.+\?payment=/);
}

test("agreement link, EMI through the gateway, foreclosure and no-dues certificate; admin sees the events", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const phone = `+9198123${String(Date.now()).slice(-5)}`;
  await signInShopper(page, phone);
  const loan = bookLoan(phone);

  // The agreement is rendered and signed in the background, then sent by SMS with a short-lived link.
  let smsLink: string | null = null;
  for (let attempt = 0; attempt < 120 && !smsLink; attempt++) {
    const response = await page.request.get(
      `${SANDBOX_URL}/sinks/messages?channel=sms&to=${encodeURIComponent(phone)}`,
    );
    const { messages } = (await response.json()) as { messages: { body: string }[] };
    smsLink =
      messages
        .map((message) => /(http\S+\/api\/loans\/documents\/\S+)/.exec(message.body)?.[1])
        .find(Boolean) ?? null;
    if (!smsLink) await page.waitForTimeout(500);
  }
  expect(smsLink, "the agreement SMS with its signed link").toBeTruthy();
  const fromSms = await page.request.get(smsLink as string);
  expect(fromSms.status()).toBe(200);
  expect(fromSms.headers()["content-type"]).toBe("application/pdf");
  const tampered = await page.request.get(`${(smsLink as string).slice(0, -3)}AAA`);
  expect(tampered.status()).toBe(403);

  // The borrower opens the loan from the PWA.
  await page.getByTestId("my-loans-link").click();
  await page.getByRole("link", { name: /Headphones \(e2e\)/ }).click();
  await expect(page.getByTestId("loan-status")).toHaveText("active");
  await expect(page.getByTestId("instalment-1")).toContainText("Upcoming");
  const agreement = page.getByTestId("open-agreement");
  await expect(agreement).toBeEnabled();
  await pdfFrom(page, () => agreement.click());
  await page.goto(`/checkout/home/loans/${loan.loanId}`);

  // Pay the first EMI through the sandbox gateway; the signed webhook updates the schedule.
  await page.getByTestId("pay-emi").click();
  await payOnGateway(page);
  await expect(page.getByText("Payment received")).toBeVisible();
  await expect(page.getByTestId("instalment-1")).toContainText("Paid");
  await expect(page.getByTestId("instalment-2")).toContainText("Upcoming");

  // Foreclose: the loan closes and a no-dues certificate is issued.
  await page.getByTestId("foreclose").click();
  await expect(page.getByTestId("foreclosure-amount")).toBeVisible();
  await page.getByTestId("confirm-foreclose").click();
  await payOnGateway(page);
  await expect(page.getByTestId("loan-status")).toHaveText("closed");
  const noDues = page.getByTestId("open-no-dues");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("open-no-dues")).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const certificate = await pdfFrom(page, () => noDues.click());
  expect(certificate.length).toBeGreaterThan(1_000);

  // Operations sees the loan's events.
  const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const adminPage = await admin.newPage();
    await adminPage.goto("/sign-in");
    await adminPage.getByLabel("Email").fill("admin@flux.local");
    await adminPage.getByLabel("Password").fill("Flux-demo-2026");
    await adminPage.getByRole("button", { name: "Sign in" }).click();
    await expect(adminPage.getByTestId("signed-in-user")).toBeVisible();
    await adminPage.goto("/admin/loans");
    await adminPage.getByLabel("Search loans").fill(loan.reference);
    await adminPage.getByRole("link", { name: loan.reference }).click();
    const events = adminPage.getByTestId("loan-events");
    for (const type of ["LoanBooked", "Disbursed", "RepaymentReceived", "Foreclosed", "Closed"]) {
      await expect(events.getByRole("cell", { name: type, exact: true })).toBeVisible();
    }
    await expect(adminPage.getByText("events match the audit chain")).toBeVisible();
  } finally {
    await admin.close();
  }
});
