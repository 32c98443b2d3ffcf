/**
 * Maker-checker rule publishing changes the next application's lender order: an admin adds an ordering
 * row for a narrow ticket segment (so other specs' applications are unaffected), a second admin approves
 * and publishes it, and the next evaluation shows the new order: in the try-it evaluator, and for a real
 * checkout application at a waterfall store, whose first (approving) lender is now sahyog.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { latestCode, signIn } from "../fixtures";

const SEGMENT = "[7770..7779]";

async function evaluateTicket(page: Page, ticketRupees: string) {
  await page.goto("/admin/rules/try");
  await page.getByLabel("Ticket (₹)").fill(ticketRupees);
  await page.getByRole("button", { name: "Evaluate" }).click();
  const order = page.getByTestId("tryit-order");
  await expect(order).toBeVisible();
  return order;
}

async function asUser(browser: Browser, email: string) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

test("an admin's draft, approved by a second admin, changes the next application's lender order", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const maker = await asUser(browser, "admin@flux.local");
  const page = maker.page;

  // Before: the live rules ask kite, orbit, sahyog for a ₹7,775 ticket (vista starts at ₹10,000).
  let order = await evaluateTicket(page, "7775");
  await expect(order.locator("li")).toHaveText(["1kite", "2orbit", "3sahyog"]);
  const liveVersion = await page.getByText(/Lenders asked, in order \(rules v\d+\)/).textContent();

  // Draft: add an ordering row putting sahyog first for that ticket segment.
  await page.goto("/admin/rules");
  await page.getByRole("button", { name: "New draft from live version" }).click();
  await expect(page.getByRole("heading", { name: /Rules v\d+/ })).toBeVisible();
  await page.getByLabel("Title").fill("Sahyog first for ₹7,770-7,779 promo");
  await page.getByRole("tab", { name: /Lender ordering/ }).click();
  await page.getByRole("button", { name: "Simple editor" }).click();
  const table = page.getByRole("table", { name: "Lender ordering" });
  await page.getByRole("button", { name: "Add row" }).click();
  const row = table.locator("tbody tr").last();
  await row.getByLabel(/Ticket/).fill(SEGMENT);
  await row.getByLabel(/Lender$/).fill('"sahyog"');
  await row.getByLabel(/Priority/).fill("1");

  // A bad cell is refused with its location, and nothing is saved.
  await row.getByLabel(/Priority/).fill("first");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("The draft was not saved: fix these cells")).toBeVisible();
  await expect(page.getByText(/row 7, column "Priority \(lower first\)"/).first()).toBeVisible();
  await row.getByLabel(/Priority/).fill("1");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved")).toBeVisible();
  await expect(page.getByTestId("version-diff")).toContainText(SEGMENT);

  // GoRules' own editor shows the same table (client-only component).
  await page.getByRole("button", { name: "GoRules editor" }).click();
  await expect(page.locator(".cm-content", { hasText: SEGMENT })).toBeVisible({ timeout: 20_000 });

  await page.getByRole("button", { name: "Simulate" }).click();
  await expect(page.getByText(/Simulated against \d+ applications/)).toBeVisible();
  await page.getByRole("button", { name: "Request approval" }).click();
  await expect(page.getByText("Sent for approval")).toBeVisible();
  // Maker-checker: the author cannot approve their own version.
  await expect(page.getByRole("button", { name: "Approve and publish" })).toBeDisabled();
  await expect(page.getByText("Waiting for a second admin")).toBeVisible();
  const draftUrl = page.url();

  // The live rules are unchanged until a second admin approves.
  order = await evaluateTicket(page, "7775");
  await expect(order.locator("li").first()).toHaveText("1kite");

  const checker = await asUser(browser, "risk@flux.local");
  await checker.page.goto(draftUrl);
  await expect(checker.page.getByText("Your approval is requested")).toBeVisible();
  await checker.page.getByRole("button", { name: "Approve and publish" }).click();
  await expect(checker.page.getByText(/Version \d+ is published and live everywhere/)).toBeVisible();

  // The next evaluation (the maker's session, another request) uses the new version and order.
  order = await evaluateTicket(page, "7775");
  await expect(order.locator("li")).toHaveText(["1sahyog", "2kite", "3orbit"]);
  await expect(page.getByText(/Lenders asked, in order \(rules v\d+\)/)).not.toHaveText(liveVersion ?? "");
  // Other tickets keep the old order.
  order = await evaluateTicket(page, "50000");
  await expect(order.locator("li").first()).toHaveText("1kite");

  // A real checkout application for ₹7,775 at the waterfall store is now offered by sahyog first.
  const staff = await asUser(browser, "store.manager@flux.local");
  await staff.page.goto("/store/checkout");
  const store = staff.page.getByLabel("Store");
  const koramangala = await store
    .locator("option")
    .filter({ hasText: /Koramangala/ })
    .first()
    .getAttribute("value");
  await store.selectOption(koramangala ?? "");
  await staff.page.getByLabel("Amount (₹)").fill("7775");
  await staff.page.getByLabel("Item").fill("Earbuds R7");
  await staff.page.getByRole("button", { name: "Generate QR code" }).click();
  const link = (await staff.page.getByTestId("qr-link").getAttribute("href")) ?? "";
  const shopper = await browser.newContext({ serviceWorkers: "block" });
  const phone = await shopper.newPage();
  await phone.goto(link);
  await phone.getByLabel("Mobile number").fill("9812345677");
  await phone.getByRole("button", { name: "Send code" }).click();
  await phone.getByLabel("6-digit code").fill(await latestCode(phone.request, "+919812345677"));
  await phone.getByRole("button", { name: "Verify and continue" }).click();
  await expect(phone.getByTestId("purchase-amount")).toHaveText("₹7,775.00");
  await phone.getByLabel("PAN").fill("ABCPR0450K");
  await phone.getByLabel("Date of birth").fill("1990-04-12");
  await phone.getByLabel("Monthly income (₹)").fill("85000");
  await phone.getByLabel("Employment").selectOption("SALARIED");
  await phone.getByLabel("Pincode").fill("560034");
  await phone.getByRole("checkbox").check();
  await phone.getByRole("button", { name: "Check my EMI options" }).click();
  const offer = phone.getByTestId("offer");
  await expect(offer).toHaveCount(1, { timeout: 45_000 });
  await expect(offer).toHaveAttribute("data-lender", "sahyog");

  // The admin sees that decision recorded with the new version.
  await page.goto("/admin/rules");
  await expect(page.getByText("sahyog → kite → orbit").first()).toBeVisible();

  await shopper.close();
  await staff.context.close();
  await checker.context.close();
  await maker.context.close();
});
