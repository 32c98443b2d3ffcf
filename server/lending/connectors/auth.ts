/**
 * Lender authentication from the descriptor: API keys, basic auth, OAuth2 client credentials, multi-step
 * handshakes, per-request HMAC signatures. Bearer/session tokens are cached in Redis (encrypted) and
 * refreshed single-flight: one refresh per lender at a time across every process (a Redis lock) and
 * within a process (a shared promise); everyone else waits for that refresh's token.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Db } from "@/server/platform/db/client";
import type { AuthConfig } from "./descriptor";
import { fillPlaceholders, readPath, resolveTemplate } from "./mapping";
import {
  decryptSecret,
  encryptSecret,
  loadSecrets,
  rotateSecrets,
  type SecretSet,
  StaleSecretError,
} from "./secrets";

export interface AuthDeps {
  db: Db;
  redis: Redis;
  redisPrefix: string;
}

export interface AuthTarget {
  code: string;
  baseUrl: string;
  auth: AuthConfig;
  requestMs: number;
}

export class LenderAuthError extends Error {
  override readonly name = "LenderAuthError";
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

const flights = new Map<string, Promise<string>>();

const tokenKey = (deps: AuthDeps, code: string) => `${deps.redisPrefix}:lending:token:${code}`;
const lockKey = (deps: AuthDeps, code: string) => `${deps.redisPrefix}:lending:token-lock:${code}`;

async function readCached(deps: AuthDeps, code: string): Promise<CachedToken | null> {
  const raw = await deps.redis.get(tokenKey(deps, code));
  if (!raw) return null;
  try {
    return JSON.parse(decryptSecret(raw)) as CachedToken;
  } catch {
    return null;
  }
}

function skewOf(auth: AuthConfig): number {
  return "refreshSkewSeconds" in auth ? auth.refreshSkewSeconds * 1000 : 0;
}

function usable(token: CachedToken | null, auth: AuthConfig, stale?: string): token is CachedToken {
  if (!token) return false;
  if (stale && token.value === stale) return false;
  // A token shorter-lived than twice the skew is used until its last second minus a small margin.
  const skew = Math.min(skewOf(auth), Math.max(0, (token.expiresAt - Date.now()) / 2));
  return token.expiresAt - Math.max(skew, 500) > Date.now();
}

/**
 * A valid token for a token-based scheme. `stale` is a token the lender just refused: it is never
 * returned again, and if someone else already replaced it, theirs is used (no second refresh).
 */
export async function getToken(deps: AuthDeps, target: AuthTarget, stale?: string): Promise<string> {
  const cached = await readCached(deps, target.code);
  if (usable(cached, target.auth, stale)) return cached.value;
  const flightKey = `${deps.redisPrefix}:${target.code}`;
  const existing = flights.get(flightKey);
  if (existing) return existing;
  const flight = refreshAcrossProcesses(deps, target, stale).finally(() => flights.delete(flightKey));
  flights.set(flightKey, flight);
  return flight;
}

async function refreshAcrossProcesses(deps: AuthDeps, target: AuthTarget, stale?: string): Promise<string> {
  const owner = randomUUID();
  const deadline = Date.now() + Math.max(10_000, target.requestMs * 4);
  for (;;) {
    const acquired = await deps.redis.set(lockKey(deps, target.code), owner, "PX", 15_000, "NX");
    if (acquired) {
      try {
        const again = await readCached(deps, target.code);
        if (usable(again, target.auth, stale)) return again.value;
        const fresh = await authenticate(deps, target);
        const ttlMs = Math.max(1_000, fresh.expiresAt - Date.now());
        await deps.redis.set(tokenKey(deps, target.code), encryptSecret(JSON.stringify(fresh)), "PX", ttlMs);
        return fresh.value;
      } finally {
        await deps.redis.eval(
          "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
          1,
          lockKey(deps, target.code),
          owner,
        );
      }
    }
    // Someone else is refreshing: wait for their token.
    await new Promise((resolve) => setTimeout(resolve, 40));
    const theirs = await readCached(deps, target.code);
    if (usable(theirs, target.auth, stale)) return theirs.value;
    if (Date.now() > deadline)
      throw new LenderAuthError(`${target.code}: timed out waiting for a token refresh`);
  }
}

/** Forgets a refused token (only if it is still the cached one). */
export async function invalidateToken(deps: AuthDeps, code: string, value: string): Promise<void> {
  const cached = await readCached(deps, code);
  if (cached?.value === value) await deps.redis.del(tokenKey(deps, code));
}

async function postJson(url: string, body: unknown, timeoutMs: number, form = false) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
    body: form
      ? new URLSearchParams(body as Record<string, string>).toString()
      : JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}

async function authenticate(deps: AuthDeps, target: AuthTarget): Promise<CachedToken> {
  const auth = target.auth;
  if (auth.scheme === "oauth2ClientCredentials") {
    const secrets = await loadSecrets(deps.db, target.code);
    const form: Record<string, string> = {
      grant_type: "client_credentials",
      client_id: secrets.values[auth.clientIdSecret] ?? "",
      client_secret: secrets.values[auth.clientSecretSecret] ?? "",
    };
    if (auth.scope) form.scope = auth.scope;
    const answer = await postJson(`${target.baseUrl}${auth.tokenPath}`, form, target.requestMs, true);
    const token = readPath(answer.body, "access_token");
    if (answer.status !== 200 || typeof token !== "string")
      throw new LenderAuthError(`${target.code}: token endpoint answered ${answer.status}`);
    const expiresIn = Number(readPath(answer.body, "expires_in") ?? 300);
    return { value: token, expiresAt: Date.now() + expiresIn * 1000 };
  }
  if (auth.scheme === "handshake") {
    for (let round = 0; ; round++) {
      const secrets = await loadSecrets(deps.db, target.code);
      try {
        return await handshake(deps, target, auth, secrets);
      } catch (error) {
        // Another process rotated the secret between our read and our write: start over with the new one.
        if (error instanceof StaleSecretError && round < 1) continue;
        throw error;
      }
    }
  }
  throw new LenderAuthError(`${target.code}: scheme ${auth.scheme} has no tokens`);
}

async function handshake(
  deps: AuthDeps,
  target: AuthTarget,
  auth: Extract<AuthConfig, { scheme: "handshake" }>,
  secrets: SecretSet,
): Promise<CachedToken> {
  const scope = { secret: secrets.values, var: {} as Record<string, unknown> };
  const rotations: Record<string, string> = {};
  for (const step of auth.steps) {
    if (step.kind === "hmac") {
      const key = secrets.values[step.secret];
      if (!key) throw new LenderAuthError(`${target.code}: secret ${step.secret} missing`);
      scope.var[step.into] = createHmac("sha256", key)
        .update(fillPlaceholders(step.message, scope, false))
        .digest(step.encoding);
      continue;
    }
    const path = fillPlaceholders(step.path, scope);
    const answer =
      step.method === "POST"
        ? await postJson(
            `${target.baseUrl}${path}`,
            resolveTemplate(step.body ?? {}, scope),
            target.requestMs,
          )
        : await fetch(`${target.baseUrl}${path}`, { signal: AbortSignal.timeout(target.requestMs) }).then(
            async (r) => ({ status: r.status, body: await r.json().catch(() => null) }),
          );
    if (!step.expectStatus.includes(answer.status))
      throw new LenderAuthError(`${target.code}: handshake step ${step.name} answered ${answer.status}`);
    for (const [name, path] of Object.entries(step.extract)) {
      const value = readPath(answer.body, path);
      if (value === undefined || value === null)
        throw new LenderAuthError(`${target.code}: handshake step ${step.name} gave no ${path}`);
      scope.var[name] = value;
    }
    for (const [secretName, varName] of Object.entries(step.rotates ?? {})) {
      rotations[secretName] = String(scope.var[varName]);
    }
  }
  if (Object.keys(rotations).length > 0) await rotateSecrets(deps.db, target.code, secrets, rotations);
  const token = scope.var[auth.tokenVar];
  if (typeof token !== "string") throw new LenderAuthError(`${target.code}: handshake gave no token`);
  const ttl = auth.ttlVar ? Number(scope.var[auth.ttlVar]) : auth.ttlSeconds;
  return {
    value: `${auth.prefix}${token}`,
    expiresAt: Date.now() + (Number.isFinite(ttl) ? ttl : 900) * 1000,
  };
}

export interface SignedHeaders {
  headers: Record<string, string>;
  /** The token used, when the scheme has one (to invalidate it if refused). */
  token?: string;
}

/** Auth headers for one request. */
export async function authHeaders(
  deps: AuthDeps,
  target: AuthTarget,
  request: { method: string; path: string; body: string },
  staleToken?: string,
): Promise<SignedHeaders> {
  const auth = target.auth;
  switch (auth.scheme) {
    case "none":
      return { headers: {} };
    case "apiKey": {
      const secrets = await cachedSecrets(deps, target.code);
      return { headers: { [auth.header]: secrets[auth.secret] ?? "" } };
    }
    case "basic": {
      const secrets = await cachedSecrets(deps, target.code);
      const pair = `${secrets[auth.usernameSecret] ?? ""}:${secrets[auth.passwordSecret] ?? ""}`;
      return { headers: { authorization: `Basic ${Buffer.from(pair).toString("base64")}` } };
    }
    case "oauth2ClientCredentials": {
      const token = await getToken(deps, target, staleToken);
      return { headers: { authorization: `Bearer ${token}` }, token };
    }
    case "handshake": {
      const token = await getToken(deps, target, staleToken);
      return { headers: { [auth.header]: token }, token };
    }
    case "hmacRequest": {
      const secrets = await cachedSecrets(deps, target.code);
      const timestamp = new Date().toISOString();
      const digest = createHash("sha256").update(request.body).digest("hex");
      const signature = createHmac("sha256", secrets[auth.secret] ?? "")
        .update(`${request.method}\n${request.path}\n${timestamp}\n${digest}`)
        .digest("hex");
      return {
        headers: {
          [auth.keyIdHeader]: secrets[auth.keyIdSecret] ?? "",
          [auth.timestampHeader]: timestamp,
          [auth.signatureHeader]: signature,
        },
      };
    }
  }
}

/** Static credentials, cached in process for a few seconds (rotations by admins apply within that). */
const staticSecrets = new Map<string, { at: number; values: Record<string, string> }>();
async function cachedSecrets(deps: AuthDeps, code: string): Promise<Record<string, string>> {
  const key = `${deps.redisPrefix}:${code}`;
  const hit = staticSecrets.get(key);
  if (hit && Date.now() - hit.at < 5_000) return hit.values;
  const { values } = await loadSecrets(deps.db, code);
  staticSecrets.set(key, { at: Date.now(), values });
  return values;
}

export function hasTokens(auth: AuthConfig): boolean {
  return auth.scheme === "oauth2ClientCredentials" || auth.scheme === "handshake";
}
