/**
 * What every sandbox lender shares: a ledger of applications keyed by the partner's reference (so a
 * repeated call returns the original decision: the lender side of idempotency), a credit policy of its
 * own, realistic latency, and fault modes switchable at runtime. Each lender (kite, orbit, sahyog, vista,
 * nova) wraps this in its own API: paths, field names, status codes and auth differ on purpose.
 */
import type { Context } from "hono";

export const FAULT_MODES = [
  "none",
  "slow",
  "error5xx",
  "reset",
  "timeout",
  "approve_then_timeout",
  "duplicate_callback",
  "expire_token",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface LatencyProfile {
  medianMs: number;
  p95Ms: number;
}

export interface FaultConfig {
  mode: FaultMode;
  /** Probability (0..1) that the mode applies to an application call. */
  rate: number;
  /** Latency of every answer (log-normal from median and p95); null answers at once. */
  latency: LatencyProfile | null;
  /** Latency when mode is "slow". */
  slowLatency: LatencyProfile;
  /** How long "timeout" and "approve_then_timeout" hold the request before dropping it. */
  hangMs: number;
}

export const DEFAULT_FAULTS: FaultConfig = {
  mode: "none",
  rate: 1,
  latency: null,
  slowLatency: { medianMs: 6_000, p95Ms: 15_000 },
  hangMs: 120_000,
};

export interface Applicant {
  pan: string;
  dateOfBirth: string;
  monthlyIncomePaise: bigint;
  employment: string;
  pincode: string;
  bureauScore: number | null;
}

export interface CreditPolicy {
  minScore: number;
  minAge: number;
  maxAge: number;
  minMonthlyIncomePaise: bigint;
  minTicketPaise: bigint;
  maxTicketPaise: bigint;
  employment: readonly string[];
  /** Annual rate by the lowest score it applies from (highest first). */
  rateBands: readonly { fromScore: number; rateBps: number }[];
  tenorMonths: (ticketPaise: bigint) => number;
  processingFeeBps: number;
  /** Fixed fee floor in paise. */
  minProcessingFeePaise: bigint;
  /** No-bureau-hit applicants (new to credit) are accepted with this rate, or declined when null. */
  newToCreditRateBps: number | null;
}

export type DeclineCode = "LOW_SCORE" | "AGE" | "INCOME" | "TICKET" | "EMPLOYMENT" | "NO_HISTORY";

export type Decision =
  | {
      approved: true;
      principalPaise: bigint;
      tenorMonths: number;
      annualRateBps: number;
      processingFeePaise: bigint;
    }
  | { approved: false; code: DeclineCode; message: string };

/** Whole years between a YYYY-MM-DD birth date and today in IST. */
export function ageOn(dateOfBirth: string, today: Date = new Date()): number {
  const ist = new Date(today.getTime() + 330 * 60_000);
  const [y, m, d] = dateOfBirth.split("-").map(Number) as [number, number, number];
  let age = ist.getUTCFullYear() - y;
  if (ist.getUTCMonth() + 1 < m || (ist.getUTCMonth() + 1 === m && ist.getUTCDate() < d)) age -= 1;
  return age;
}

export function decide(policy: CreditPolicy, applicant: Applicant, ticketPaise: bigint): Decision {
  const age = ageOn(applicant.dateOfBirth);
  if (age < policy.minAge || age > policy.maxAge)
    return { approved: false, code: "AGE", message: `age ${age} outside ${policy.minAge}-${policy.maxAge}` };
  if (!policy.employment.includes(applicant.employment))
    return { approved: false, code: "EMPLOYMENT", message: `employment ${applicant.employment} not served` };
  if (applicant.monthlyIncomePaise < policy.minMonthlyIncomePaise)
    return { approved: false, code: "INCOME", message: "income below policy minimum" };
  if (ticketPaise < policy.minTicketPaise || ticketPaise > policy.maxTicketPaise)
    return { approved: false, code: "TICKET", message: "amount outside product limits" };
  let rateBps: number;
  if (applicant.bureauScore === null) {
    if (policy.newToCreditRateBps === null)
      return { approved: false, code: "NO_HISTORY", message: "no credit history" };
    rateBps = policy.newToCreditRateBps;
  } else {
    if (applicant.bureauScore < policy.minScore)
      return { approved: false, code: "LOW_SCORE", message: `score below ${policy.minScore}` };
    const score = applicant.bureauScore;
    rateBps = policy.rateBands.find((band) => score >= band.fromScore)?.rateBps ?? 2_400;
  }
  const fee = (ticketPaise * BigInt(policy.processingFeeBps)) / 10_000n;
  const rounded = ((fee > policy.minProcessingFeePaise ? fee : policy.minProcessingFeePaise) / 100n) * 100n;
  return {
    approved: true,
    principalPaise: ticketPaise,
    tenorMonths: policy.tenorMonths(ticketPaise),
    annualRateBps: rateBps,
    processingFeePaise: rounded,
  };
}

export type LedgerStatus = "APPROVED" | "DECLINED" | "CANCELLED";

export interface LedgerEntry {
  reference: string;
  lenderReference: string;
  status: LedgerStatus;
  decision: Decision;
  ticketPaise: bigint;
  createdAt: string;
  cancelledAt: string | null;
  callbackUrl: string | null;
}

export interface CallCounts {
  apply: number;
  inquiry: number;
  cancel: number;
  auth: number;
}

/** Samples a log-normal latency with the given median and 95th percentile. */
export function sampleLatency(profile: LatencyProfile): number {
  const sigma =
    Math.log(Math.max(profile.p95Ms, profile.medianMs + 1) / Math.max(profile.medianMs, 1)) / 1.645;
  const u1 = Math.random() || Number.MIN_VALUE;
  const u2 = Math.random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(profile.medianMs * Math.exp(sigma * z)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface NodeBindings {
  incoming?: { socket?: { destroy(): void }; once?(event: string, fn: () => void): void };
}

/** Holds the request open (the client sees no answer) until it gives up or `ms` pass. */
export async function hang(c: Context, ms: number): Promise<void> {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    incoming?.once?.("close", done);
    c.req.raw.signal?.addEventListener?.("abort", done);
  });
}

/** Drops the TCP connection without an answer (ECONNRESET at the client). */
export function resetConnection(c: Context): Response {
  (c.env as NodeBindings | undefined)?.incoming?.socket?.destroy();
  return new Response(null, { status: 500 });
}

export interface LenderState {
  code: string;
  name: string;
  policy: CreditPolicy;
  faults: FaultConfig;
  ledger: Map<string, LedgerEntry>;
  calls: Map<string, CallCounts>;
  /** Tokens issued before this instant are refused (expire_token fault, admin "revoke"). */
  tokensValidAfter: number;
  /** References whose expire_token fault already fired (it fires once per application). */
  expiredFor: Set<string>;
  callbacksSent: number;
}

export function createLenderState(code: string, name: string, policy: CreditPolicy): LenderState {
  return {
    code,
    name,
    policy,
    faults: { ...DEFAULT_FAULTS },
    ledger: new Map(),
    calls: new Map(),
    tokensValidAfter: 0,
    expiredFor: new Set(),
    callbacksSent: 0,
  };
}

export function countCall(state: LenderState, reference: string, kind: keyof CallCounts): void {
  const counts = state.calls.get(reference) ?? { apply: 0, inquiry: 0, cancel: 0, auth: 0 };
  counts[kind] += 1;
  state.calls.set(reference, counts);
}

/** Baseline latency for any answer. */
export async function answerDelay(state: LenderState): Promise<void> {
  if (state.faults.latency) await sleep(sampleLatency(state.faults.latency));
}

/** Whether this application call draws the configured fault. */
export function faultApplies(state: LenderState): FaultMode {
  if (state.faults.mode === "none") return "none";
  return Math.random() < state.faults.rate ? state.faults.mode : "none";
}

/**
 * The lender side of an application call, idempotent by our reference: a repeated reference returns the
 * stored decision (and its original lender reference) without deciding again.
 */
export function decideOnce(
  state: LenderState,
  reference: string,
  applicant: Applicant,
  ticketPaise: bigint,
  callbackUrl: string | null,
): { entry: LedgerEntry; replay: boolean } {
  const existing = state.ledger.get(reference);
  if (existing) return { entry: existing, replay: true };
  const decision = decide(state.policy, applicant, ticketPaise);
  const entry: LedgerEntry = {
    reference,
    lenderReference: `${state.code.toUpperCase()}-${(state.ledger.size + 1).toString().padStart(6, "0")}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
    status: decision.approved ? "APPROVED" : "DECLINED",
    decision,
    ticketPaise,
    createdAt: new Date().toISOString(),
    cancelledAt: null,
    callbackUrl,
  };
  state.ledger.set(reference, entry);
  return { entry, replay: false };
}

export function cancelEntry(state: LenderState, reference: string): LedgerEntry | null {
  const entry = state.ledger.get(reference);
  if (!entry) return null;
  if (entry.status === "APPROVED") {
    entry.status = "CANCELLED";
    entry.cancelledAt = new Date().toISOString();
  }
  return entry;
}

/** Posts the decision to the partner's callback URL (twice in duplicate_callback mode). */
export function sendCallbacks(state: LenderState, entry: LedgerEntry, body: unknown, times: number): void {
  if (!entry.callbackUrl) return;
  const url = entry.callbackUrl;
  void (async () => {
    for (let i = 0; i < times; i++) {
      await sleep(50 + Math.random() * 200);
      state.callbacksSent += 1;
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-sandbox-lender": state.code },
        body: JSON.stringify(body),
      }).catch(() => undefined);
    }
  })();
}

export function rupees(paise: bigint): number {
  return Number(paise / 100n);
}

/** JSON bodies with bigint amounts become numbers or strings as each lender's API wants. */
export function json(c: Context, body: unknown, status = 200): Response {
  return c.newResponse(
    JSON.stringify(body, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    status as 200,
    { "content-type": "application/json" },
  );
}

export function summary(state: LenderState) {
  const entries = [...state.ledger.values()];
  return {
    code: state.code,
    name: state.name,
    faults: state.faults,
    applications: entries.length,
    approved: entries.filter((e) => e.status === "APPROVED").length,
    declined: entries.filter((e) => e.status === "DECLINED").length,
    cancelled: entries.filter((e) => e.status === "CANCELLED").length,
    callbacksSent: state.callbacksSent,
  };
}
