import { expect, test } from "@playwright/test";
import { SANDBOX_URL } from "../env";
import { navigate, signIn, trpcPost } from "../fixtures";

const HEADER =
  "Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Net Asset Value;Date";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function istToday(): string {
  const ist = new Date(Date.now() + 330 * 60_000);
  return `${String(ist.getUTCDate()).padStart(2, "0")}-${MONTHS[ist.getUTCMonth()]}-${ist.getUTCFullYear()}`;
}

test("an investor searches and filters the catalog, opens a scheme and switches chart ranges", async ({
  page,
}) => {
  await signIn(page, "investor@flux.local");
  await navigate(page, "Mutual funds");
  // 122640 (regular plan) has ten years of seeded NAV history; 122639 is its direct plan.
  await page.getByLabel("Search").fill("Parag Parikh Flexi");
  await page.getByLabel("Plan").selectOption("regular");
  const row = page.getByTestId("scheme-row-122640");
  await expect(row).toBeVisible();
  await expect(page.getByTestId("scheme-row-122639")).toHaveCount(0);
  await expect(row.getByTestId("nav-value")).toContainText("₹");

  // ISIN search finds the direct plan.
  await page.getByLabel("Plan").selectOption("");
  await page.getByLabel("Search").fill("INF879O01027");
  await expect(page.getByTestId("scheme-row-122639")).toBeVisible();
  await expect(page.getByTestId("scheme-row-122640")).toHaveCount(0);
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Category").selectOption("Equity Scheme - Flexi Cap Fund");
  await page.getByLabel("Option").selectOption("growth");
  await page.getByLabel("Riskometer").selectOption("6");
  await page.getByLabel("Search").fill("Parag");
  await page.getByTestId("scheme-row-122640").getByRole("link").click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText("Parag Parikh Flexi Cap Fund");
  await expect(page.getByTestId("latest-nav")).toContainText("₹");
  await expect(page.getByTestId("return-1Y")).toContainText("%");
  const chart = page.getByTestId("nav-chart");
  await expect(chart).toHaveAttribute("data-range", "1Y");
  const oneYear = Number(await chart.getAttribute("data-points"));
  await page.getByRole("button", { name: "1M", exact: true }).click();
  await expect(chart).toHaveAttribute("data-range", "1M");
  const oneMonth = Number(await chart.getAttribute("data-points"));
  await page.getByRole("button", { name: "Max", exact: true }).click();
  await expect(chart).toHaveAttribute("data-range", "MAX");
  const max = Number(await chart.getAttribute("data-points"));
  expect(oneMonth).toBeLessThan(oneYear);
  expect(oneYear).toBeLessThan(max);
  await expect(page.locator(".recharts-line").first()).toBeVisible();
});

test("a NAV published while an investor's scheme page is open appears without a reload", async ({
  page,
  browser,
}) => {
  await signIn(page, "investor@flux.local");
  await page.goto("/investor/funds/122639");
  const latest = page.getByTestId("latest-nav");
  await expect(latest).toContainText("₹");
  const shown = (await latest.textContent())!.replace(/[₹,]/g, "");
  // A plausible next NAV (+0.37%) dated today, so it is neither held for review nor in the future.
  const next = (Number(shown) * 1.0037).toFixed(4);
  const file = [
    HEADER,
    " ",
    "Open Ended Schemes(Equity Scheme - Flexi Cap Fund)",
    " ",
    "PPFAS Mutual Fund",
    " ",
    `122639;INF879O01027;-;Parag Parikh Flexi Cap Fund - Direct Plan - Growth;${next};${istToday()}`,
    " ",
    "",
  ].join("\r\n");
  const put = await page.request.put(`${SANDBOX_URL}/amfi/_file`, {
    data: file,
    headers: { "content-type": "text/plain" },
  });
  expect(put.ok()).toBe(true);

  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signIn(adminPage, "admin@flux.local");
  const polled = await trpcPost(adminPage.request, "funds.pollNow", null);
  expect(polled.status()).toBe(200);

  const [whole, fraction] = next.split(".");
  const expected = `₹${Number(whole).toLocaleString("en-IN")}.${fraction}`;
  await expect(latest).toHaveText(expected, { timeout: 30_000 });
  await expect(page.getByText("Just published")).toBeVisible();
  await admin.close();
  await page.request.post(`${SANDBOX_URL}/amfi/_mode`, { data: { mode: "today" } });
});
