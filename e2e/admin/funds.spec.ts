import path from "node:path";
import { expect, test } from "@playwright/test";
import { navigate, signIn } from "../fixtures";

const REAL_FILE = path.resolve(process.cwd(), "../shared/data/amfi/NAVAll_6field_2026-08-18.txt");

test("an admin uploads the real AMFI file and sees the run summary", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin@flux.local");
  await navigate(page, "Funds & NAVs");
  await page.getByLabel("NAV file").setInputFiles(REAL_FILE);
  // A fresh upload opens its run; if the poller already fetched the same bytes, the page says so and links it.
  const already = page.getByRole("link", { name: "See that run's summary" });
  await expect(page.getByTestId("run-summary").or(already)).toBeVisible({ timeout: 30_000 });
  if (await already.isVisible()) await already.click();

  const summary = page.getByTestId("run-summary");
  await expect(summary).toContainText("6-field", { timeout: 60_000 });
  await expect(summary).toContainText("14,280");
  await expect(summary).toContainText("14,037");
  await expect(summary).toContainText("243");
  await expect(page.getByTestId("run-sha")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId("quarantine-reasons")).toContainText("nav_zero");
  await expect(page.getByTestId("quarantine-reasons")).toContainText("isin_invalid");

  await page.getByRole("link", { name: "Freshness", exact: true }).click();
  await expect(page.getByTestId("freshness-standard")).toBeVisible();
  // The seeded and sample NAVs (2025-2026) lag today's SEBI deadlines: the alert banner says so.
  await expect(page.getByTestId("freshness-banner")).toContainText("business day(s) behind");
});
