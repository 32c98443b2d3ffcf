/** Serving tRPC over fetch (Next route handler): context from the session cookie, body limit, metrics. */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { clientIp } from "../auth/auth-options";
import { actorFromToken, decodeSessionToken, sessionCookieName } from "../auth/session";
import { appDeps } from "../platform/deps";
import { env } from "../platform/env";
import { logger } from "../platform/logger";
import { observeHttp } from "../platform/observability/metrics";
import { correlationIdFrom, runWithContext } from "../platform/request-context";
import type { TrpcContext } from "./context";
import { appRouter } from "./root";

export const MAX_TRPC_BODY_BYTES = 256 * 1024;

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export async function contextFromRequest(request: Request, correlationId: string): Promise<TrpcContext> {
  const deps = appDeps();
  const token = readCookie(request.headers.get("cookie"), sessionCookieName(env().APP_URL));
  const jwt = await decodeSessionToken(token, deps.secret);
  const actor = await actorFromToken(deps.db, jwt);
  return { actor, ip: clientIp(request.headers), correlationId, deps };
}

function tooLarge(correlationId: string): Response {
  return Response.json(
    {
      error: {
        message: `Request is too large (limit ${MAX_TRPC_BODY_BYTES / 1024} KB).`,
        code: "PAYLOAD_TOO_LARGE",
        correlationId,
      },
    },
    { status: 413 },
  );
}

export async function handleTrpcRequest(request: Request): Promise<Response> {
  const started = performance.now();
  const correlationId = correlationIdFrom(request.headers.get("x-correlation-id"));
  let response: Response;
  let body: Request = request;
  if (request.method === "POST") {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_TRPC_BODY_BYTES) {
      response = tooLarge(correlationId);
      observeHttp("/api/trpc", request.method, response.status, (performance.now() - started) / 1000);
      return response;
    }
    const bytes = await request.arrayBuffer();
    if (bytes.byteLength > MAX_TRPC_BODY_BYTES) return tooLarge(correlationId);
    body = new Request(request.url, { method: request.method, headers: request.headers, body: bytes });
  }
  response = await runWithContext({ correlationId, ip: clientIp(request.headers) }, () =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: body,
      router: appRouter,
      createContext: () => contextFromRequest(request, correlationId),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR")
          logger.error({ err: error.cause ?? error, path, correlationId }, "tRPC error");
      },
    }),
  );
  response.headers.set("x-correlation-id", correlationId);
  observeHttp("/api/trpc", request.method, response.status, (performance.now() - started) / 1000);
  return response;
}
