/**
 * next-auth (v4, the stable line) configuration: JWT sessions, password sign-in for staff and partners,
 * one-time-code sign-in for shoppers. Kept out of anything the workers import (next-auth's providers do
 * not load under plain ESM).
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { appDeps } from "../platform/deps";
import { env } from "../platform/env";
import { isAppError } from "../platform/errors";
import { logger } from "../platform/logger";
import { correlationIdFrom } from "../platform/request-context";
import { verifyOtp } from "./otp.service";
import { passwordSignInSchema, verifyOtpSchema } from "./schemas";
import { type FluxJwt, SESSION_MAX_AGE_SECONDS } from "./session";
import { recordSignOut, type SignedInUser, signInWithPassword } from "./sign-in.service";

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function clientIp(headers: HeaderBag): string {
  const forwarded = header(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || header(headers, "x-real-ip") || "unknown";
}

/** next-auth shows an authorize() error's message to the user: make it the AppError's message. */
function userMessage(error: unknown): Error {
  if (isAppError(error)) return new Error(error.message);
  logger.error({ err: error }, "sign-in failed unexpectedly");
  return new Error("Sign-in is unavailable right now. Please try again in a minute.");
}

interface SignedInClaims {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
  organisationId: string | null;
  method: "password" | "otp";
}

/** What next-auth keeps of a signed-in user (it becomes the JWT through the jwt callback). */
function claims(user: SignedInUser, method: SignedInClaims["method"]): never {
  const value: SignedInClaims = {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: user.roles,
    organisationId: user.organisationId,
    method,
  };
  return value as never;
}

function firstIssue(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? "Check what you entered.";
}

export function authOptions(): NextAuthOptions {
  const deps = appDeps();
  return {
    secret: deps.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "password",
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = passwordSignInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(firstIssue(parsed.error));
          const meta = {
            ip: clientIp(req?.headers),
            correlationId: correlationIdFrom(header(req?.headers, "x-correlation-id")),
          };
          try {
            const user = await signInWithPassword(deps, parsed.data, meta);
            return claims(user, "password");
          } catch (error) {
            throw userMessage(error);
          }
        },
      }),
      CredentialsProvider({
        id: "otp",
        name: "Phone and one-time code",
        credentials: { phone: { type: "tel" }, code: { type: "text" } },
        async authorize(credentials, req) {
          const parsed = verifyOtpSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(firstIssue(parsed.error));
          const meta = {
            ip: clientIp(req?.headers),
            correlationId: correlationIdFrom(header(req?.headers, "x-correlation-id")),
          };
          try {
            const user = await verifyOtp(deps, parsed.data, meta);
            return claims(user, "otp");
          } catch (error) {
            throw userMessage(error);
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        const jwt = token as FluxJwt;
        if (user) {
          const signedIn = user as unknown as SignedInClaims;
          jwt.uid = signedIn.id;
          jwt.roles = signedIn.roles;
          jwt.org = signedIn.organisationId;
          jwt.method = signedIn.method;
        }
        return jwt;
      },
      async session({ session, token }) {
        const jwt = token as FluxJwt;
        return {
          ...session,
          user: {
            ...session.user,
            id: jwt.uid,
            roles: jwt.roles ?? [],
            organisationId: jwt.org ?? null,
            method: jwt.method,
          },
        };
      },
    },
    events: {
      async signOut({ token }) {
        const jwt = token as FluxJwt | null;
        if (!jwt?.uid) return;
        await recordSignOut(deps, jwt.uid).catch((error) =>
          logger.warn({ err: error }, "could not audit a sign-out"),
        );
      },
    },
    logger: {
      error: (code, metadata) => logger.warn({ code, metadata }, "next-auth error"),
      warn: (code) => logger.debug({ code }, "next-auth warning"),
      debug: () => undefined,
    },
    useSecureCookies: env().APP_URL.startsWith("https://"),
  };
}
