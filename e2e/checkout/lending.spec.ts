/**
 * Checkout lending on a phone: the store shows a signed QR link, the shopper signs in with a one-time
 * code, applies, watches lenders decide, accepts, and the store sees the approval. Both modes, a decline,
 * a double-tap accept that makes one loan.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { latestCode, trpcPost } from "../fixtures";

const PASSWORD = "Flux-demo-2026";

async function storeStaff(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("store.manager@flux.local");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await page.goto("/store/checkout");
  return { context, page };
}

async function qrLink(staff: Page, store: RegExp, amount: string, item: string): Promise<string> {
  const select = staff.getByLabel("Store");
  const option = await select.locator("option").filter({ hasText: store }).first().getAttribute("value");
  await select.selectOption(option!);
  await staff.getByLabel("Amount (₹)").fill(amount);
  await staff.getByLabel("Item").fill(item);
  await staff.getByRole("button", { name: "Generate QR code" }).click();
  const link = staff.getByTestId("qr-link");
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

async function shopperSignsInAt(page: Page, request: Page["request"], link: string, phone: string) {
  await page.goto(link);
  await page.getByLabel("Mobile number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  const code = await latestCode(request, `+91${phone}`);
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByTestId("purchase-amount")).toBeVisible();
}

async function fillApplication(page: Page, pan: string) {
  await page.getByLabel("PAN").fill(pan);
  await page.getByLabel("Date of birth").fill("1990-04-12");
  await page.getByLabel("Monthly income (₹)").fill("85000");
  await page.getByLabel("Employment").selectOption("SALARIED");
  await page.getByLabel("Pincode").fill("560034");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Check my EMI options" }).click();
}

test("waterfall: apply, accept the first approval, and the store sees it", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const staff = await storeStaff(browser);
  try {
    const link = await qrLink(staff.page, /Koramangala/, "45000", "Phone X1");
    await shopperSignsInAt(page, page.request, link, "9812345611");
    await expect(page.getByTestId("purchase-amount")).toHaveText("₹45,000.00");

    // Bad input is caught on the phone before anything is sent.
    await page.getByLabel("PAN").fill("ABC12");
    await page.getByRole("button", { name: "Check my EMI options" }).click();
    await expect(page.getByText(/Enter your PAN as printed on the card/)).toBeVisible();

    await fillApplication(page, "ABCPE0490K");
    const offer = page.getByTestId("offer");
    await expect(offer).toHaveCount(1, { timeout: 30_000 });
    await expect(offer).toContainText("EMI");
    await expect(offer.getByRole("link", { name: /Key Fact Statement/ })).toBeVisible();
    await offer.getByRole("button", { name: /Accept/ }).click();
    await expect(page.getByRole("heading", { name: "Approved: hand over the goods" })).toBeVisible();

    // Merchant staff see the approval (the list refreshes every 750 ms).
    const row = staff.page.getByTestId("store-application").filter({ hasText: "Phone X1" }).first();
    await expect(row).toHaveAttribute("data-status", "ACCEPTED");
    await expect(row).toContainText("Approved: hand over");

    // The accepted offer is booked in the loan book; the borrower opens it and its signed agreement.
    await page.goto("/checkout/home/loans");
    const myLoan = page.locator('a[href^="/checkout/home/loans/"]').filter({ hasText: "Phone X1" });
    await expect(async () => {
      await page.reload();
      await expect(myLoan).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await myLoan.click();
    await expect(page.getByTestId("loan-status")).toHaveText("active");
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("open-agreement")).toBeEnabled({ timeout: 2_000 });
    }).toPass({ timeout: 90_000 });

    // The lending admin sees the lenders (breakers, fault switches, live figures) and the application.
    const admin = await browser.newContext();
    try {
      const adminPage = await admin.newPage();
      await adminPage.goto("/sign-in");
      await adminPage.getByLabel("Email").fill("admin@flux.local");
      await adminPage.getByLabel("Password").fill(PASSWORD);
      await adminPage.getByRole("button", { name: "Sign in" }).click();
      await expect(adminPage.getByTestId("signed-in-user")).toBeVisible();
      await adminPage.goto("/admin/lending");
      await expect(adminPage.getByTestId("lender-row")).toHaveCount(4);
      await expect(adminPage.getByTestId("breaker-state").first()).toHaveText("CLOSED");
      await expect(adminPage.getByRole("figure", { name: "Latency by lender" })).toBeVisible();
      await adminPage.goto("/admin/lending/applications");
      await expect(adminPage.getByRole("cell", { name: "ACCEPTED" }).first()).toBeVisible();
    } finally {
      await admin.close();
    }
  } finally {
    await staff.context.close();
  }
});

test("all offers: side by side in the disclosed order, a double tap makes one loan", async ({
  page,
  browser,
}) => {
  const staff = await storeStaff(browser);
  try {
    const link = await qrLink(staff.page, /Indiranagar/, "30000", "Laptop Y2");
    await shopperSignsInAt(page, page.request, link, "9812345612");
    await fillApplication(page, "ABCPE0490K");
    const offers = page.getByTestId("offer");
    await expect(offers.first()).toBeVisible({ timeout: 30_000 });
    expect(await offers.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId("ordering-disclosure")).toContainText("lowest first");

    const applicationId = page.url().split("/checkout/a/")[1]!;
    const chosen = offers.first();
    const lender = await chosen.getAttribute("data-lender");
    await chosen.getByRole("button", { name: /Accept/ }).dblclick();
    await expect(page.getByRole("heading", { name: "Approved: hand over the goods" })).toBeVisible();

    // A third tap from another request (another idempotency key) is told it is already accepted.
    const state = await page.request.get(
      `/api/trpc/lending.checkout.application?input=${encodeURIComponent(JSON.stringify({ json: { applicationId } }))}`,
    );
    const body = (await state.json()) as {
      result: {
        data: { json: { status: string; offers: { id: string; lenderCode: string; status: string }[] } };
      };
    };
    const app = body.result.data.json;
    expect(app.status).toBe("ACCEPTED");
    expect(app.offers.map((o) => [o.lenderCode, o.status])).toEqual([[lender, "ACCEPTED"]]);
    const again = await trpcPost(page.request, "lending.checkout.accept", {
      applicationId,
      offerId: app.offers[0]!.id,
      idempotencyKey: "another-tap-key-0001",
    });
    expect(
      ((await again.json()) as { result: { data: { json: { alreadyAccepted: boolean } } } }).result.data.json,
    ).toMatchObject({ alreadyAccepted: true });

    const row = staff.page.getByTestId("store-application").filter({ hasText: "Laptop Y2" }).first();
    await expect(row).toHaveAttribute("data-status", "ACCEPTED");
  } finally {
    await staff.context.close();
  }
});

test("a declined shopper sees a plain reason and what to do next", async ({ page, browser }) => {
  const staff = await storeStaff(browser);
  try {
    const link = await qrLink(staff.page, /Koramangala/, "20000", "Headphones Z3");
    // A changed amount in the link is refused before anything else happens.
    const tampered = link.replace("amount=20000", "amount=2000");
    await shopperSignsInAt(page, page.request, link, "9812345613");
    await page.goto(tampered);
    await expect(page.getByTestId("link-error")).toContainText("changed after the store created it");

    await page.goto(link);
    await fillApplication(page, "ABCPE0250K"); // the sandbox bureau scores this PAN 550
    await expect(page.getByTestId("declined")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("Not approved this time")).toBeVisible();
    await expect(page.getByTestId("decline-reason")).not.toBeEmpty();
    await expect(page.getByText(/What you can do next/)).toBeVisible();
  } finally {
    await staff.context.close();
  }
});
