import { expect, test } from "@playwright/test";
import { latestCode, navigate, signIn, trpcPost } from "../fixtures";

test("an admin changes a user's role and sees a fresh audit row for it", async ({ page }) => {
  await signIn(page, "admin@flux.local");
  await navigate(page, "Users & roles");
  await page.getByLabel("Search").fill("investor.two@flux.local");
  const row = page.getByTestId("user-row-investor.two@flux.local");
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: /Edit roles of/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Distributor").check();
  await dialog.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByText("Roles of Isha Investor updated")).toBeVisible();
  await expect(row).toContainText("Distributor");

  await navigate(page, "Audit trail");
  await page.getByLabel("Action starts with").fill("user.roles_changed");
  await page.getByRole("button", { name: "Search" }).click();
  const first = page.getByTestId("audit-rows").locator("tr").first();
  await expect(first).toContainText("user.roles_changed");
  await first.click();
  await expect(page.getByText('"distributor"').first()).toBeVisible();

  await page.getByTestId("verify-audit").click();
  await expect(page.getByText("The audit trail is intact")).toBeVisible({ timeout: 20_000 });
});

test("an admin sees a shopper's code in the message outbox, queue health and system health", async ({
  page,
  request,
}) => {
  const phone = "+919812345699";
  const sent = await trpcPost(request, "auth.requestOtp", { phone });
  expect(sent.status()).toBe(200);
  const code = await latestCode(request, phone);

  await signIn(page, "admin@flux.local");
  await navigate(page, "Message outbox");
  await expect(page.getByTestId("sink-messages")).toContainText(`${code} is your Flux sign-in code`);
  await expect(page.getByText(phone).first()).toBeVisible();

  await navigate(page, "Queues");
  const queues = page.getByTestId("queue-rows");
  await expect(queues).toContainText("notifications");
  await expect(queues).toContainText("maintenance");
  await expect(page.getByText("No dead letters")).toBeVisible();

  await navigate(page, "System health");
  await expect(page.getByTestId("health-status")).toHaveText("ok");
  await expect(page.getByText("up since")).toBeVisible();
});
