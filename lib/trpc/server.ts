/** tRPC from Server Components: the same guarded procedures, called in-process with the request's session. */
import "server-only";
import { cookies, headers } from "next/headers";
import { clientIp } from "@/server/auth/auth-options";
import { actorFromToken, decodeSessionToken, sessionCookieName } from "@/server/auth/session";
import type { Actor } from "@/server/platform/actor";
import { appDeps } from "@/server/platform/deps";
import { env } from "@/server/platform/env";
import { correlationIdFrom } from "@/server/platform/request-context";
import { createCaller } from "@/server/trpc/root";

export async function currentActor(): Promise<Actor> {
  const cookieStore = await cookies();
  const deps = appDeps();
  const jwt = await decodeSessionToken(cookieStore.get(sessionCookieName(env().APP_URL))?.value, deps.secret);
  return actorFromToken(deps.db, jwt);
}

export async function serverApi() {
  const headerStore = await headers();
  return createCaller({
    actor: await currentActor(),
    ip: clientIp(headerStore),
    correlationId: correlationIdFrom(headerStore.get("x-correlation-id")),
    deps: appDeps(),
  });
}
