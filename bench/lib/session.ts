/** Signs a demo persona in through next-auth's credentials flow and returns the session cookie. */
export async function sessionCookie(
  appUrl: string,
  email: string,
  password = "Flux-demo-2026",
): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${appUrl}/api/auth/callback/password`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .find((cookie) => cookie.includes("next-auth.session-token="));
  if (!session) throw new Error(`could not sign in as ${email} (status ${response.status})`);
  return session;
}
