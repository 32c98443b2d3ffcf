/** Personas and helpers for the Playwright suite: seeded by prisma/seed (the same data `npm start` shows). */
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../server/auth/demo-accounts";
import { PORTALS } from "../server/auth/permissions";
import { SANDBOX_URL } from "./env";

export const PERSONAS = DEMO_ACCOUNTS.map((account) => ({
  ...account,
  portal: PORTALS.find((portal) => portal.role === account.role)!,
}));

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}

/** Reads the newest sign-in code the sandbox SMS sink received for a phone (as the shopper's phone would). */
export async function latestCode(request: APIRequestContext, phone: string, after?: string): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await request.get(
      `${SANDBOX_URL}/sinks/messages?channel=sms&to=${encodeURIComponent(phone)}`,
    );
    const { messages } = (await response.json()) as { messages: { id: string; body: string }[] };
    const newest = messages[0];
    if (newest && newest.id !== after) {
      const code = /^(\d{6})/.exec(newest.body)?.[1];
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code arrived for ${phone}`);
}

export async function trpcPost(request: APIRequestContext, path: string, input: unknown) {
  return request.post(`/api/trpc/${path}`, {
    data: { json: input },
    headers: { "content-type": "application/json" },
  });
}

/** Follows a link in the portal's side navigation. */
export async function navigate(page: Page, label: string) {
  await page
    .getByRole("navigation", { name: "Portal navigation" })
    .getByRole("link", { name: label, exact: true })
    .click();
}
