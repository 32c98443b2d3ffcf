/**
 * One call to a lender, entirely driven by its descriptor: build the request from the canonical
 * application, authenticate, send with a timeout, classify the answer. A refused token is refreshed and
 * the call re-sent once. Transport failures are classified by what the lender may have seen:
 * - refused connection / DNS failure: the request never left → RETRYABLE;
 * - timeout, reset after sending, unreadable reply → UNKNOWN (the lender may have decided: never a decline).
 */
import type { Redis } from "ioredis";
import type { Db } from "@/server/platform/db/client";
import { authHeaders, invalidateToken } from "./auth";
import type { ConnectorDescriptor, LenderOutcome } from "./descriptor";
import {
  type CanonicalApplication,
  classify,
  fillPlaceholders,
  type LenderOfferTerms,
  MappingError,
  readOffer,
  readString,
  resolveTemplate,
} from "./mapping";

export interface ConnectorDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
  sandboxUrl: string;
}

export interface LoadedConnector {
  code: string;
  name: string;
  version: number;
  descriptor: ConnectorDescriptor;
  baseUrl: string;
}

export type OperationName = "apply" | "status" | "cancel";

export interface CallResult {
  outcome: LenderOutcome;
  httpStatus: number | null;
  latencyMs: number;
  lenderReference: string | null;
  reason: string | null;
  offer: LenderOfferTerms | null;
  /** True when a refused token was refreshed and the call re-sent. */
  reauthenticated: boolean;
  body: unknown;
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// In-process concurrency per lender (the descriptor's limit), plus a shared per-second rate limit in Redis.
const inFlight = new Map<string, { active: number; waiters: (() => void)[] }>();

async function acquireSlot(code: string, limit: number): Promise<() => void> {
  const slot = inFlight.get(code) ?? { active: 0, waiters: [] };
  inFlight.set(code, slot);
  while (slot.active >= limit) await new Promise<void>((resolve) => slot.waiters.push(resolve));
  slot.active += 1;
  return () => {
    slot.active -= 1;
    slot.waiters.shift()?.();
  };
}

async function respectRate(deps: ConnectorDeps, code: string, perSecond: number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const second = Math.floor(Date.now() / 1000);
    const key = `${deps.redisPrefix}:lending:rate:${code}:${second}`;
    const count = await deps.redis.incr(key);
    if (count === 1) await deps.redis.expire(key, 2);
    if (count <= perSecond) return;
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  }
}

export async function callOperation(
  deps: ConnectorDeps,
  connector: LoadedConnector,
  operationName: OperationName,
  canonical: CanonicalApplication,
  options: { timeoutMs?: number } = {},
): Promise<CallResult> {
  const { descriptor } = connector;
  const operation = descriptor.operations[operationName];
  if (!operation) throw new MappingError(`${connector.code} has no ${operationName} operation`);
  const path = fillPlaceholders(operation.path, canonical);
  const bodyValue = operation.body === undefined ? undefined : resolveTemplate(operation.body, canonical);
  const body =
    bodyValue === undefined
      ? ""
      : JSON.stringify(bodyValue, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  const extraHeaders = Object.fromEntries(
    Object.entries(
      (resolveTemplate(operation.headers ?? {}, canonical) as Record<string, unknown>) ?? {},
    ).map(([name, value]) => [name, String(value)]),
  );
  const timeoutMs = Math.max(50, Math.min(options.timeoutMs ?? descriptor.timeouts.requestMs, 60_000));
  const target = {
    code: connector.code,
    baseUrl: connector.baseUrl,
    auth: descriptor.auth,
    requestMs: descriptor.timeouts.requestMs,
  };

  const release = await acquireSlot(connector.code, descriptor.limits.concurrency);
  try {
    await respectRate(deps, connector.code, descriptor.limits.ratePerSecond);
    let staleToken: string | undefined;
    let reauthenticated = false;
    let totalLatency = 0;
    for (let round = 0; round < 2; round++) {
      let signed: Awaited<ReturnType<typeof authHeaders>>;
      try {
        signed = await authHeaders(deps, target, { method: operation.method, path, body }, staleToken);
      } catch (error) {
        // We could not authenticate: nothing was sent to the application endpoint.
        return {
          outcome: "RETRYABLE",
          httpStatus: null,
          latencyMs: totalLatency,
          lenderReference: null,
          reason: `authentication failed: ${(error as Error).message}`.slice(0, 300),
          offer: null,
          reauthenticated,
          body: null,
        };
      }
      const started = performance.now();
      let status: number;
      let parsed: unknown;
      try {
        const response = await fetch(`${connector.baseUrl}${path}`, {
          method: operation.method,
          headers: {
            ...(body ? { "content-type": "application/json" } : {}),
            "x-request-id": canonical.requestId,
            ...extraHeaders,
            ...signed.headers,
          },
          body: body || undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        const text = await response.text();
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = text.slice(0, 500);
        }
      } catch (error) {
        totalLatency += Math.round(performance.now() - started);
        const code = errorCode(error);
        const name = (error as Error).name;
        const timedOut = name === "TimeoutError" || name === "AbortError";
        const notSent = !timedOut && code !== undefined && NOT_SENT_CODES.has(code);
        return {
          outcome: notSent ? "RETRYABLE" : "UNKNOWN",
          httpStatus: null,
          latencyMs: totalLatency,
          lenderReference: null,
          reason: timedOut
            ? `no answer within ${timeoutMs} ms`
            : notSent
              ? `connection refused (${code})`
              : `connection lost after sending (${code ?? name})`,
          offer: null,
          reauthenticated,
          body: null,
        };
      }
      totalLatency += Math.round(performance.now() - started);
      const outcome = classify(operation, status, parsed);
      if (outcome === "AUTH_EXPIRED" && round === 0) {
        // The lender refused our credentials mid-flow: re-authenticate once and re-send.
        if (signed.token) await invalidateToken(deps, connector.code, signed.token);
        staleToken = signed.token;
        reauthenticated = true;
        continue;
      }
      return {
        outcome: outcome === "AUTH_EXPIRED" ? "RETRYABLE" : outcome,
        httpStatus: status,
        latencyMs: totalLatency,
        lenderReference: readString(parsed, operation.response.lenderReference),
        reason:
          outcome === "AUTH_EXPIRED"
            ? "the lender refused our credentials twice"
            : readString(parsed, operation.response.reason),
        offer: outcome === "APPROVED" ? readOffer(operation, parsed) : null,
        reauthenticated,
        body: parsed,
      };
    }
    throw new Error("unreachable");
  } finally {
    release();
  }
}
