/**
 * First gate for the portals (Next 16 proxy, Node runtime): no session, go to sign-in; a session whose
 * roles do not include the portal's role gets the 403 page. Layouts check again against the database
 * (roles can change after the token was issued) and every procedure checks its own permission.
 */
import { type NextRequest, NextResponse } from "next/server";
import { PORTAL_HEADER } from "@/components/portal/forbidden";
import { portalForPath } from "@/server/auth/permissions";
import { decodeSessionToken, sessionCookieName } from "@/server/auth/session";
import { authSecret, env } from "@/server/platform/env";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const portal = portalForPath(pathname);
  if (!portal) return NextResponse.next();

  const jwt = await decodeSessionToken(
    request.cookies.get(sessionCookieName(env().APP_URL))?.value,
    authSecret(),
  );
  if (!jwt?.uid) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = portal.id === "checkout" ? "/checkout" : "/sign-in";
    signIn.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(signIn);
  }
  const roles = jwt.roles ?? [];
  const allowed = roles.includes(portal.role) && (jwt.method !== "otp" || portal.role === "shopper");
  if (!allowed) {
    // /forbidden calls forbidden(): the 403 page, with HTTP status 403.
    const forbidden = request.nextUrl.clone();
    forbidden.pathname = "/forbidden";
    forbidden.search = "";
    const headers = new Headers(request.headers);
    headers.set(PORTAL_HEADER, portal.id);
    return NextResponse.rewrite(forbidden, { request: { headers } });
  }
  return NextResponse.next();
}

export const config = {
  matcher: [
    "/admin/:path*",
    "/partner/:path*",
    "/investor/:path*",
    "/distributor/:path*",
    "/compliance/:path*",
    "/store/:path*",
    "/checkout/home/:path*",
  ],
};
