/**
 * The OpenAPI 3.1 document and REST handler generated from the procedures that carry `openapi` meta
 * (trpc-to-openapi; today the loan-state API, issue 4). REST calls authenticate with the same session
 * token as the app: the session cookie, or `Authorization: Bearer <token>` for a mobile client.
 */
import { createOpenApiFetchHandler, generateOpenApiDocument } from "trpc-to-openapi";
import { clientIp } from "../auth/auth-options";
import { actorFromToken, decodeSessionToken, sessionCookieName } from "../auth/session";
import { type AppDeps, appDeps } from "../platform/deps";
import { env } from "../platform/env";
import { correlationIdFrom } from "../platform/request-context";
import type { TrpcContext } from "./context";
import { appRouter } from "./root";

export const REST_BASE_PATH = "/api/v1";

export function openApiDocument(baseUrl = env().APP_URL) {
  return generateOpenApiDocument(appRouter, {
    title: "Flux loan-state API",
    description:
      "The borrower's loans, schedules, payments and documents. Amounts are integer paise as strings. Authenticate with the Flux session token (cookie, or Authorization: Bearer).",
    version: "1.0.0",
    baseUrl: `${baseUrl}${REST_BASE_PATH}`,
    tags: ["loans", "payments", "documents"],
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", bearerFormat: "Flux session token (JWE)" },
    },
  });
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

async function restContext(request: Request, deps: AppDeps): Promise<TrpcContext> {
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  const token = bearer ?? readCookie(request.headers.get("cookie"), sessionCookieName(env().APP_URL));
  const actor = await actorFromToken(deps.db, await decodeSessionToken(token, deps.secret));
  return {
    actor,
    ip: clientIp(request.headers),
    correlationId: correlationIdFrom(request.headers.get("x-correlation-id")),
    deps,
  };
}

export function handleRestRequest(request: Request, deps: AppDeps = appDeps()): Promise<Response> {
  return createOpenApiFetchHandler({
    endpoint: REST_BASE_PATH,
    router: appRouter,
    req: request,
    createContext: () => restContext(request, deps),
  });
}
