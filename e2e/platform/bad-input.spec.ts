import { expect, test } from "@playwright/test";
import { trpcPost } from "../fixtures";

test("a malformed or wrong sign-in gets a clear error", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Enter your password")).toBeVisible();
  await page.getByLabel("Email").fill("admin@flux.local");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("tRPC refuses bad input with readable errors and writes nothing", async ({ request }) => {
  const malformed = await trpcPost(request, "auth.requestOtp", { phone: "12345" });
  expect(malformed.status()).toBe(400);
  const body = await malformed.json();
  expect(body.error.json.message).toContain("Enter a 10-digit Indian mobile number");
  expect(body.error.json.data.fieldErrors.phone).toBeTruthy();

  const oversized = await trpcPost(request, "auth.requestOtp", { phone: "9".repeat(400_000) });
  expect(oversized.status()).toBe(413);
  expect((await oversized.json()).error.message).toMatch(/too large/);

  const notJson = await request.post("/api/trpc/auth.requestOtp", {
    data: "{not json",
    headers: { "content-type": "application/json" },
  });
  expect(notJson.status()).toBe(400);

  const unknown = await trpcPost(request, "auth.noSuchThing", {});
  expect(unknown.status()).toBe(404);

  const unauthenticated = await request.get("/api/trpc/users.list?input=%7B%22json%22%3A%7B%7D%7D");
  expect(unauthenticated.status()).toBe(401);
});

test("an unknown page answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn’t find that page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to Flux" })).toBeVisible();
});

test("health and metrics endpoints report the running stack", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({
    status: "ok",
    database: { status: "up" },
    redis: { status: "up" },
    workers: { status: "up" },
  });

  const metrics = await (await request.get("/api/metrics")).text();
  expect(metrics).toContain("flux_http_request_duration_seconds_bucket");
  expect(metrics).toMatch(/flux_queue_jobs\{queue="notifications",state="waiting"\} \d+/);
  expect(metrics).toMatch(/flux_outbox_lag_seconds \d/);
  expect(metrics).toContain("# TYPE flux_job_duration_ms histogram");
});
