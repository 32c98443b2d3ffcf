/**
 * From a session cookie to an Actor. The JWT says who signed in and how; the database says what they
 * may do now (roles and status are re-read, cached for a few seconds), so a role change or a disabled
 * account takes effect without waiting for the token to expire.
 */
import { decode, type JWT } from "next-auth/jwt";
import { type Actor, anonymousActor } from "../platform/actor";
import type { Db } from "../platform/db/client";
import { isRole } from "./permissions";

export const SESSION_MAX_AGE_SECONDS = 8 * 3600;

export function sessionCookieName(appUrl: string): string {
  return appUrl.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export interface FluxJwt extends JWT {
  uid?: string;
  roles?: string[];
  /** Organisation at sign-in (the database stays authoritative: actors re-read it). */
  org?: string | null;
  method?: "password" | "otp";
}

export async function decodeSessionToken(token: string | undefined, secret: string): Promise<FluxJwt | null> {
  if (!token) return null;
  try {
    return (await decode({ token, secret })) as FluxJwt | null;
  } catch {
    return null;
  }
}

interface CachedUser {
  roles: string[];
  status: string;
  organisationId: string | null;
  loadedAt: number;
}

const ACTOR_CACHE_MS = 5_000;
const cache = new Map<string, CachedUser>();

export function forgetCachedActor(userId: string): void {
  cache.delete(userId);
}

export async function actorFromToken(db: Db, jwt: FluxJwt | null): Promise<Actor> {
  if (!jwt?.uid) return anonymousActor;
  let user = cache.get(jwt.uid);
  if (!user || Date.now() - user.loadedAt > ACTOR_CACHE_MS) {
    const row = await db.user.findUnique({
      where: { id: jwt.uid },
      select: { roles: true, status: true, organisationId: true },
    });
    if (!row) return anonymousActor;
    user = { roles: row.roles, status: row.status, organisationId: row.organisationId, loadedAt: Date.now() };
    cache.set(jwt.uid, user);
    if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
  }
  if (user.status !== "ACTIVE") return anonymousActor;
  // A one-time-code session proves control of a phone: it never carries staff roles.
  const roles = (jwt.method === "otp" ? user.roles.filter((role) => role === "shopper") : user.roles).filter(
    isRole,
  );
  if (roles.length === 0) return anonymousActor;
  return { kind: "user", userId: jwt.uid, roles, organisationId: user.organisationId, auditId: jwt.uid };
}
