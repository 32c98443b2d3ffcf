import { expect, test } from "@playwright/test";
import { PORTALS } from "../../server/auth/permissions";
import { PERSONAS, signIn } from "../fixtures";

/** What each persona's dashboard shows from the seeded data. */
const DASHBOARD_FACTS: Record<string, string> = {
  admin: "Operations dashboard",
  partner: "Acme Wealth Partners LLP",
  investor: "Hello, Ishaan",
  distributor: "ARN-123456",
  compliance: "Compliance overview",
  merchant: "METRO-KOR",
};

for (const persona of PERSONAS) {
  test(`${persona.role} signs in to their own portal and is refused the others`, async ({ page }) => {
    await signIn(page, persona.email);
    await expect(page).toHaveURL(new RegExp(`${persona.portal.path}$`));
    await expect(page.getByTestId("signed-in-user")).toContainText(persona.name);
    await expect(page.getByText(DASHBOARD_FACTS[persona.role]!).first()).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Portal navigation" }).first()).toBeAttached();

    for (const other of PORTALS.filter((portal) => portal.role !== persona.role)) {
      const response = await page.goto(other.path);
      expect(response?.status(), `${persona.role} opening ${other.path}`).toBe(403);
      await expect(page.getByRole("heading", { name: /You don’t have access/ })).toBeVisible();
    }
  });
}

test("an anonymous visitor is sent to sign-in and comes back after", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fusers/);
  await page.getByLabel("Email").fill("admin@flux.local");
  await page.getByLabel("Password").fill("Flux-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Users & roles" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "partner@flux.local");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/partner");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the landing page says what Flux is and offers sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Lending at the checkout");
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await expect(page.getByText("Checkout lending")).toBeVisible();
});
