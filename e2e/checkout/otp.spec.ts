import { expect, test } from "@playwright/test";
import { latestCode } from "../fixtures";

test("a shopper signs in with a one-time code on a phone", async ({ page, request }) => {
  const phone = "9812345601";
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { name: "Pay in easy EMIs" })).toBeVisible();

  await page.getByLabel("Mobile number").fill("12345");
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByText("Enter a 10-digit Indian mobile number")).toBeVisible();

  await page.getByLabel("Mobile number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByLabel("6-digit code")).toBeVisible();
  const code = await latestCode(request, `+91${phone}`);

  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByLabel("6-digit code").fill(wrong);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page.getByText("That code is not right. 4 tries left.")).toBeVisible();

  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await expect(page).toHaveURL(/\/checkout\/home$/);
  await expect(page.getByTestId("shopper-phone")).toHaveText(`+91${phone}`);

  // A shopper's one-time-code session never opens a staff portal.
  const response = await page.goto("/store");
  expect(response?.status()).toBe(403);
});

test("an expired code is refused with a clear message", async ({ page, request, browser }) => {
  const phone = "9812345602";
  await page.goto("/checkout");
  await page.getByLabel("Mobile number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  const code = await latestCode(request, `+91${phone}`);

  // An admin moves the business clock 10 minutes on (codes live 5).
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await adminPage.goto("/sign-in");
  await adminPage.getByLabel("Email").fill("admin@flux.local");
  await adminPage.getByLabel("Password").fill("Flux-demo-2026");
  await adminPage.getByRole("button", { name: "Sign in" }).click();
  await expect(adminPage.getByTestId("signed-in-user")).toBeVisible();
  const move = (offsetMs: number) =>
    adminPage.request.post("/api/trpc/ops.setClockOffset", { data: { json: { offsetMs } } });
  expect((await move(10 * 60_000)).status()).toBe(200);
  try {
    await page.getByLabel("6-digit code").fill(code);
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await expect(page.getByText("This code has expired. Ask for a new code.")).toBeVisible();
    await expect(page).toHaveURL(/\/checkout$/);
  } finally {
    await move(0);
    await admin.close();
  }
});

test.describe("installable app", () => {
  test.use({ serviceWorkers: "allow" });

  test("has a manifest, icons, a service worker and an offline page", async ({ page, request }) => {
    await page.goto("/checkout");
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(manifestHref).toBe("/checkout/manifest.webmanifest");
    const manifest = await (await request.get(manifestHref!)).json();
    expect(manifest).toMatchObject({ start_url: "/checkout", scope: "/checkout", display: "standalone" });
    for (const icon of manifest.icons as { src: string; sizes: string }[]) {
      const response = await request.get(icon.src);
      expect(response.headers()["content-type"]).toBe("image/png");
    }
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toMatch(/\/checkout$/);

    await page.goto("/checkout/offline");
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  });
});
