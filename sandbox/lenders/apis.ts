/**
 * Five sandbox lenders with deliberately different APIs, a credit bureau, and an admin API for fault
 * modes. Paths, field names, amount units, date formats, status codes and auth schemes all differ:
 *
 * - kite   (Kite Finance)   API key header; rupees; 201/200; 503 when down; GET by-ref status
 * - orbit  (Orbit Capital)  OAuth2 client credentials, expiring bearer tokens; paise as strings; Idempotency-Key header
 * - sahyog (Sahyog NBFC)    4-step handshake: nonce → HMAC sign → grant → 15-minute session (secret rotates each time)
 * - vista  (Vista Credit)   every request HMAC-signed; idempotent PUT by our reference; 422 / 401 / 500
 * - nova   (Nova Lending)   HTTP basic auth; exists only to be registered purely from a descriptor
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  type Applicant,
  cancelEntry,
  countCall,
  createLenderState,
  DEFAULT_FAULTS,
  FAULT_MODES,
  json,
  type LedgerEntry,
  type LenderState,
  rupees,
  sleep,
  summary,
} from "./core";
import { applyFlow, inquiryDelay } from "./flow";
import { POLICIES, SANDBOX_CREDENTIALS } from "./policies";

type LenderCode = keyof typeof POLICIES;

const NAMES: Record<LenderCode, string> = {
  kite: "Kite Finance",
  orbit: "Orbit Capital",
  sahyog: "Sahyog NBFC",
  vista: "Vista Credit",
  nova: "Nova Lending",
};

const hmacHex = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function body(c: Context): Promise<unknown> {
  return c.req.json().catch(() => null);
}

const PAN = /^[A-Z]{5}[0-9]{4}[A-Z]$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Sandbox bureau: the score is read from the PAN's digits (300 + NNNN mod 601); 9999 is "no hit". */
export function bureauScoreFor(pan: string): number | null {
  const digits = Number(pan.slice(5, 9));
  if (digits === 9999) return null;
  return 300 + (digits % 601);
}

export function createLenders() {
  const states = Object.fromEntries(
    (Object.keys(POLICIES) as LenderCode[]).map((code) => [
      code,
      createLenderState(code, NAMES[code], POLICIES[code]),
    ]),
  ) as Record<LenderCode, LenderState>;
  const app = new Hono();

  // ───────────────────────────── bureau ─────────────────────────────
  app.post("/bureau/v1/score", async (c) => {
    if (c.req.header("x-bureau-key") !== SANDBOX_CREDENTIALS.bureau.apiKey)
      return c.json({ error: "invalid bureau key" }, 401);
    const parsed = z
      .object({ pan: z.string().regex(PAN), consentReference: z.string().min(4).max(80) })
      .safeParse(await body(c));
    if (!parsed.success) return c.json({ error: "pan and consentReference are required" }, 400);
    await sleep(20 + Math.random() * 60);
    const score = bureauScoreFor(parsed.data.pan);
    return c.json({ pan: parsed.data.pan, score, hit: score !== null, bureau: "SANDBOX-CIC" });
  });

  // ───────────────────────────── kite: API key ─────────────────────────────
  const kite = states.kite;
  const kiteEmployment: Record<string, string> = {
    salaried: "SALARIED",
    self_employed: "SELF_EMPLOYED",
    student: "STUDENT",
    retired: "RETIRED",
    unemployed: "UNEMPLOYED",
  };
  const kiteBody = z.object({
    partner_ref: z.string().min(6).max(80),
    callback_url: z.string().url().optional(),
    amount_inr: z.number().int().positive(),
    bureau_score: z.number().int().nullable(),
    applicant: z.object({
      pan: z.string().regex(PAN),
      dob: z.string().regex(ISO),
      monthly_income_inr: z.number().int().nonnegative(),
      employment: z.enum(Object.keys(kiteEmployment) as [string, ...string[]]),
      pin: z.string().regex(/^\d{6}$/),
    }),
  });
  const kiteView = (entry: LedgerEntry) => ({
    application_id: entry.lenderReference,
    partner_ref: entry.reference,
    status: entry.status === "DECLINED" ? "REJECTED" : entry.status,
    offer: entry.decision.approved
      ? {
          sanctioned_inr: rupees(entry.decision.principalPaise),
          tenure_months: entry.decision.tenorMonths,
          roi_pct: (entry.decision.annualRateBps / 100).toFixed(2),
          processing_fee_inr: rupees(entry.decision.processingFeePaise),
        }
      : null,
    reject_code: entry.decision.approved ? null : entry.decision.code,
    reject_reason: entry.decision.approved ? null : entry.decision.message,
  });
  const kiteAuth = (c: Context) => c.req.header("x-kite-key") === SANDBOX_CREDENTIALS.kite.apiKey;

  app.post("/kite/api/v2/loan-applications", async (c) => {
    if (!kiteAuth(c)) return c.json({ error: "invalid_api_key" }, 401);
    const parsed = kiteBody.safeParse(await body(c));
    if (!parsed.success) return c.json({ error: "validation_failed", fields: parsed.error.issues }, 400);
    const input = parsed.data;
    const applicant: Applicant = {
      pan: input.applicant.pan,
      dateOfBirth: input.applicant.dob,
      monthlyIncomePaise: BigInt(input.applicant.monthly_income_inr) * 100n,
      employment: kiteEmployment[input.applicant.employment]!,
      pincode: input.applicant.pin,
      bureauScore: input.bureau_score,
    };
    return applyFlow(c, {
      state: kite,
      reference: input.partner_ref,
      applicant,
      ticketPaise: BigInt(input.amount_inr) * 100n,
      callbackUrl: input.callback_url ?? null,
      render: (entry, replay) => json(c, kiteView(entry), replay ? 200 : 201),
      serverError: () => c.json({ error: "service_unavailable" }, 503),
      authExpired: () => c.json({ error: "key_suspended_retry" }, 401),
      callbackBody: kiteView,
    });
  });
  app.get("/kite/api/v2/loan-applications/by-ref/:ref", async (c) => {
    if (!kiteAuth(c)) return c.json({ error: "invalid_api_key" }, 401);
    const ref = c.req.param("ref");
    await inquiryDelay(kite, ref);
    const entry = kite.ledger.get(ref);
    return entry ? json(c, kiteView(entry)) : c.json({ error: "not_found" }, 404);
  });
  app.post("/kite/api/v2/loan-applications/by-ref/:ref/cancel", (c) => {
    if (!kiteAuth(c)) return c.json({ error: "invalid_api_key" }, 401);
    countCall(kite, c.req.param("ref"), "cancel");
    const entry = cancelEntry(kite, c.req.param("ref"));
    return entry ? json(c, kiteView(entry)) : c.json({ error: "not_found" }, 404);
  });

  // ───────────────────────────── orbit: OAuth2 client credentials ─────────────────────────────
  const orbit = states.orbit;
  const orbitTokens = new Map<string, { issuedAt: number; expiresAt: number }>();
  let orbitTokenTtlSeconds = 300;
  app.post("/orbit/oauth/token", async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    countCall(orbit, "_auth", "auth");
    if (
      form.grant_type !== "client_credentials" ||
      form.client_id !== SANDBOX_CREDENTIALS.orbit.clientId ||
      form.client_secret !== SANDBOX_CREDENTIALS.orbit.clientSecret
    )
      return c.json({ error: "invalid_client" }, 401);
    await sleep(30 + Math.random() * 50);
    const token = `orb_${randomBytes(18).toString("hex")}`;
    const now = Date.now();
    orbitTokens.set(token, { issuedAt: now, expiresAt: now + orbitTokenTtlSeconds * 1000 });
    return c.json({ access_token: token, token_type: "Bearer", expires_in: orbitTokenTtlSeconds });
  });
  const orbitAuth = (c: Context) => {
    const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    const meta = token ? orbitTokens.get(token) : undefined;
    return !!meta && meta.expiresAt > Date.now() && meta.issuedAt > orbit.tokensValidAfter;
  };
  const orbitOccupation: Record<string, string> = {
    EMPLOYED: "SALARIED",
    BUSINESS: "SELF_EMPLOYED",
    STUDENT: "STUDENT",
    RETIRED: "RETIRED",
    NONE: "UNEMPLOYED",
  };
  const orbitBody = z.object({
    customer: z.object({
      panNumber: z.string().regex(PAN),
      birthDate: z.string().regex(ISO),
      incomeMonthly: z.string().regex(/^\d+$/),
      occupation: z.enum(Object.keys(orbitOccupation) as [string, ...string[]]),
      postalCode: z.string().regex(/^\d{6}$/),
    }),
    requestedAmount: z.object({ value: z.string().regex(/^\d+$/), currency: z.literal("INR") }),
    creditScore: z.number().int().nullable(),
    notifyUrl: z.string().url().optional(),
  });
  const orbitView = (entry: LedgerEntry) => ({
    decisionId: entry.lenderReference,
    externalReference: entry.reference,
    decision: entry.status === "APPROVED" ? "APPROVE" : entry.status === "DECLINED" ? "DECLINE" : "WITHDRAWN",
    terms: entry.decision.approved
      ? {
          principal: { value: entry.decision.principalPaise.toString(), currency: "INR" },
          months: entry.decision.tenorMonths,
          annualRateBps: entry.decision.annualRateBps,
          feePaise: entry.decision.processingFeePaise.toString(),
        }
      : null,
    declineReason: entry.decision.approved ? null : `${entry.decision.code}: ${entry.decision.message}`,
  });
  app.post("/orbit/v1/credit/decisions", async (c) => {
    if (!orbitAuth(c)) return c.json({ error: "invalid_token", error_description: "token expired" }, 401);
    const reference = c.req.header("idempotency-key");
    if (!reference) return c.json({ error: "Idempotency-Key header required" }, 400);
    const parsed = orbitBody.safeParse(await body(c));
    if (!parsed.success) return c.json({ error: "bad_request", details: parsed.error.issues }, 422);
    const input = parsed.data;
    return applyFlow(c, {
      state: orbit,
      reference,
      applicant: {
        pan: input.customer.panNumber,
        dateOfBirth: input.customer.birthDate,
        monthlyIncomePaise: BigInt(input.customer.incomeMonthly),
        employment: orbitOccupation[input.customer.occupation]!,
        pincode: input.customer.postalCode,
        bureauScore: input.creditScore,
      },
      ticketPaise: BigInt(input.requestedAmount.value),
      callbackUrl: input.notifyUrl ?? null,
      render: (entry) => json(c, orbitView(entry)),
      serverError: () => c.json({ error: "internal_error" }, 500),
      authExpired: () => c.json({ error: "invalid_token", error_description: "token revoked" }, 401),
      callbackBody: orbitView,
    });
  });
  app.get("/orbit/v1/credit/decisions/by-external/:ref", async (c) => {
    if (!orbitAuth(c)) return c.json({ error: "invalid_token" }, 401);
    const ref = c.req.param("ref");
    await inquiryDelay(orbit, ref);
    const entry = orbit.ledger.get(ref);
    return entry ? json(c, orbitView(entry)) : c.json({ error: "not_found" }, 404);
  });
  app.post("/orbit/v1/credit/decisions/by-external/:ref/withdraw", (c) => {
    if (!orbitAuth(c)) return c.json({ error: "invalid_token" }, 401);
    countCall(orbit, c.req.param("ref"), "cancel");
    const entry = cancelEntry(orbit, c.req.param("ref"));
    return entry ? json(c, orbitView(entry)) : c.json({ error: "not_found" }, 404);
  });

  // ───────────────────────────── sahyog: 4-step handshake ─────────────────────────────
  const sahyog = states.sahyog;
  const sahyogMaster = "sahyog-sandbox-master-key";
  /** Secret of key generation g: the bootstrap secret, then a new one at every session exchange. */
  const sahyogSecret = (generation: number) =>
    generation === 0
      ? SANDBOX_CREDENTIALS.sahyog.bootstrapSecret
      : hmacHex(sahyogMaster, `gen-${generation}`);
  let sahyogGeneration: number | null = null; // null until the first handshake after a restart
  const sahyogNonces = new Map<string, number>();
  const sahyogGrants = new Map<string, { generation: number; expiresAt: number }>();
  const sahyogSessions = new Map<string, { issuedAt: number; expiresAt: number }>();
  let sahyogSessionSeconds = 900;
  app.post("/sahyog/auth/nonce", async (c) => {
    const parsed = z.object({ partner_id: z.string() }).safeParse(await body(c));
    if (!parsed.success || parsed.data.partner_id !== SANDBOX_CREDENTIALS.sahyog.partnerId)
      return c.json({ status: "E100", message: "unknown partner" }, 403);
    countCall(sahyog, "_auth", "auth");
    const nonce = randomBytes(16).toString("hex");
    sahyogNonces.set(nonce, Date.now() + 60_000);
    return c.json({ status: "OK", nonce });
  });
  app.post("/sahyog/auth/verify", async (c) => {
    const parsed = z
      .object({
        partner_id: z.string(),
        nonce: z.string(),
        signature: z.string(),
        key_generation: z.coerce.number().int().min(0),
      })
      .safeParse(await body(c));
    if (!parsed.success) return c.json({ status: "E101", message: "malformed" }, 403);
    const { nonce, signature, key_generation: generation } = parsed.data;
    const nonceExpiry = sahyogNonces.get(nonce);
    sahyogNonces.delete(nonce);
    if (!nonceExpiry || nonceExpiry < Date.now())
      return c.json({ status: "E102", message: "nonce unknown or used" }, 403);
    if (sahyogGeneration !== null && generation !== sahyogGeneration)
      return c.json({ status: "E103", message: "stale key generation" }, 403);
    const expected = hmacHex(sahyogSecret(generation), `${parsed.data.partner_id}:${nonce}`);
    if (!safeEqual(expected, signature)) return c.json({ status: "E104", message: "bad signature" }, 403);
    const grant = `grt_${randomBytes(12).toString("hex")}`;
    sahyogGrants.set(grant, { generation, expiresAt: Date.now() + 30_000 });
    return c.json({ status: "OK", grant_code: grant });
  });
  app.post("/sahyog/auth/session", async (c) => {
    const parsed = z.object({ grant_code: z.string() }).safeParse(await body(c));
    const grant = parsed.success ? sahyogGrants.get(parsed.data.grant_code) : undefined;
    if (!parsed.success || !grant || grant.expiresAt < Date.now())
      return c.json({ status: "E105", message: "grant invalid" }, 403);
    sahyogGrants.delete(parsed.data.grant_code);
    if (sahyogGeneration !== null && grant.generation !== sahyogGeneration)
      return c.json({ status: "E103", message: "stale key generation" }, 403);
    const next = grant.generation + 1;
    sahyogGeneration = next;
    const token = `ssn_${randomBytes(18).toString("hex")}`;
    const now = Date.now();
    sahyogSessions.set(token, { issuedAt: now, expiresAt: now + sahyogSessionSeconds * 1000 });
    return c.json({
      status: "OK",
      session_token: token,
      valid_for_seconds: sahyogSessionSeconds,
      rotated_secret: sahyogSecret(next),
      key_generation: next,
    });
  });
  const sahyogAuth = (c: Context) => {
    const meta = sahyogSessions.get(c.req.header("x-sahyog-session") ?? "");
    return !!meta && meta.expiresAt > Date.now() && meta.issuedAt > sahyog.tokensValidAfter;
  };
  const sahyogEmployment: Record<string, string> = {
    SAL: "SALARIED",
    SEP: "SELF_EMPLOYED",
    STU: "STUDENT",
    RET: "RETIRED",
    UNE: "UNEMPLOYED",
  };
  const sahyogView = (entry: LedgerEntry) => ({
    result: {
      code: entry.status === "APPROVED" ? "S" : entry.status === "DECLINED" ? "D" : "X",
      txn_ref: entry.reference,
      sahyog_ref: entry.lenderReference,
      reason: entry.decision.approved ? null : entry.decision.message,
      offer: entry.decision.approved
        ? {
            amount: rupees(entry.decision.principalPaise),
            emi_count: entry.decision.tenorMonths,
            interest_rate: (entry.decision.annualRateBps / 100).toFixed(2),
            pf_amount: rupees(entry.decision.processingFeePaise),
          }
        : null,
    },
  });
  const sahyogBody = z.object({
    txn_ref: z.string().min(6).max(80),
    kyc: z.object({
      pan_no: z.string().regex(PAN),
      date_of_birth: z.string().regex(/^\d{2}\/\d{2}\/\d{4}$/),
      pincode: z.string().regex(/^\d{6}$/),
    }),
    income: z.object({
      monthly: z.number().int().nonnegative(),
      type: z.enum(Object.keys(sahyogEmployment) as [string, ...string[]]),
    }),
    loan_amount: z.number().int().positive(),
    cibil: z.number().int().nullable(),
    webhook: z.string().url().optional(),
  });
  app.post("/sahyog/loans/evaluate", async (c) => {
    if (!sahyogAuth(c)) return c.json({ result: { code: "E401", reason: "session expired" } }, 403);
    const parsed = sahyogBody.safeParse(await body(c));
    if (!parsed.success) return c.json({ result: { code: "E400", reason: "invalid request" } }, 400);
    const input = parsed.data;
    const [dd, mm, yyyy] = input.kyc.date_of_birth.split("/");
    return applyFlow(c, {
      state: sahyog,
      reference: input.txn_ref,
      applicant: {
        pan: input.kyc.pan_no,
        dateOfBirth: `${yyyy}-${mm}-${dd}`,
        monthlyIncomePaise: BigInt(input.income.monthly) * 100n,
        employment: sahyogEmployment[input.income.type]!,
        pincode: input.kyc.pincode,
        bureauScore: input.cibil,
      },
      ticketPaise: BigInt(input.loan_amount) * 100n,
      callbackUrl: input.webhook ?? null,
      render: (entry) => json(c, sahyogView(entry)),
      serverError: () => c.json({ result: { code: "E500", reason: "upstream error" } }, 502),
      authExpired: () => c.json({ result: { code: "E401", reason: "session expired" } }, 403),
      callbackBody: sahyogView,
    });
  });
  app.post("/sahyog/loans/enquiry", async (c) => {
    if (!sahyogAuth(c)) return c.json({ result: { code: "E401", reason: "session expired" } }, 403);
    const parsed = z.object({ txn_ref: z.string() }).safeParse(await body(c));
    if (!parsed.success) return c.json({ result: { code: "E400", reason: "invalid request" } }, 400);
    await inquiryDelay(sahyog, parsed.data.txn_ref);
    const entry = sahyog.ledger.get(parsed.data.txn_ref);
    return entry
      ? json(c, sahyogView(entry))
      : c.json({ result: { code: "N", txn_ref: parsed.data.txn_ref } });
  });
  app.post("/sahyog/loans/cancel", async (c) => {
    if (!sahyogAuth(c)) return c.json({ result: { code: "E401", reason: "session expired" } }, 403);
    const parsed = z.object({ txn_ref: z.string() }).safeParse(await body(c));
    if (!parsed.success) return c.json({ result: { code: "E400" } }, 400);
    countCall(sahyog, parsed.data.txn_ref, "cancel");
    const entry = cancelEntry(sahyog, parsed.data.txn_ref);
    return entry
      ? json(c, sahyogView(entry))
      : c.json({ result: { code: "N", txn_ref: parsed.data.txn_ref } });
  });

  // ───────────────────────────── vista: HMAC-signed requests ─────────────────────────────
  const vista = states.vista;
  const vistaVerify = async (c: Context, raw: string): Promise<Response | null> => {
    const keyId = c.req.header("x-vista-key-id");
    const timestamp = c.req.header("x-vista-timestamp") ?? "";
    const signature = c.req.header("x-vista-signature") ?? "";
    if (keyId !== SANDBOX_CREDENTIALS.vista.keyId) return c.json({ code: "unknown_key" }, 401);
    const at = Date.parse(timestamp);
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 300_000 || at < vista.tokensValidAfter - 1_000)
      return c.json({ code: "signature_expired" }, 401);
    const payload = `${c.req.method}\n${c.req.path}\n${timestamp}\n${createHash("sha256").update(raw).digest("hex")}`;
    if (!safeEqual(hmacHex(SANDBOX_CREDENTIALS.vista.secret, payload), signature))
      return c.json({ code: "signature_invalid" }, 401);
    return null;
  };
  const vistaEmployment: Record<string, string> = {
    employed: "SALARIED",
    self_employed: "SELF_EMPLOYED",
    student: "STUDENT",
    retired: "RETIRED",
    unemployed: "UNEMPLOYED",
  };
  const vistaView = (entry: LedgerEntry) => ({
    id: entry.lenderReference,
    reference: entry.reference,
    state:
      entry.status === "APPROVED" ? "sanctioned" : entry.status === "DECLINED" ? "rejected" : "cancelled",
    sanction: entry.decision.approved
      ? {
          amount_paise: entry.decision.principalPaise.toString(),
          tenor: { count: entry.decision.tenorMonths, unit: "month" },
          nominal_rate_bps: entry.decision.annualRateBps,
          fee_paise: entry.decision.processingFeePaise.toString(),
        }
      : null,
    rejection: entry.decision.approved ? null : { reason: entry.decision.code, text: entry.decision.message },
  });
  const vistaBody = z.object({
    applicant: z.object({
      tax_id: z.string().regex(PAN),
      birth_date: z.string().regex(ISO),
      income: z.object({ amount_paise: z.string().regex(/^\d+$/), period: z.literal("monthly") }),
      employment_status: z.enum(Object.keys(vistaEmployment) as [string, ...string[]]),
      postcode: z.string().regex(/^\d{6}$/),
    }),
    amount_paise: z.string().regex(/^\d+$/),
    score: z.number().int().nullable(),
    webhook: z.string().url().optional(),
  });
  app.put("/vista/v3/applications/:ref", async (c) => {
    const raw = await c.req.text();
    const denied = await vistaVerify(c, raw);
    if (denied) return denied;
    let parsedJson: unknown = null;
    try {
      parsedJson = JSON.parse(raw);
    } catch {}
    const parsed = vistaBody.safeParse(parsedJson);
    if (!parsed.success) return c.json({ code: "unprocessable", errors: parsed.error.issues }, 422);
    const input = parsed.data;
    return applyFlow(c, {
      state: vista,
      reference: c.req.param("ref"),
      applicant: {
        pan: input.applicant.tax_id,
        dateOfBirth: input.applicant.birth_date,
        monthlyIncomePaise: BigInt(input.applicant.income.amount_paise),
        employment: vistaEmployment[input.applicant.employment_status]!,
        pincode: input.applicant.postcode,
        bureauScore: input.score,
      },
      ticketPaise: BigInt(input.amount_paise),
      callbackUrl: input.webhook ?? null,
      render: (entry) => json(c, vistaView(entry)),
      serverError: () => c.json({ code: "internal" }, 500),
      authExpired: () => c.json({ code: "signature_expired" }, 401),
      callbackBody: vistaView,
    });
  });
  app.get("/vista/v3/applications/:ref", async (c) => {
    const denied = await vistaVerify(c, "");
    if (denied) return denied;
    const ref = c.req.param("ref");
    await inquiryDelay(vista, ref);
    const entry = vista.ledger.get(ref);
    return entry ? json(c, vistaView(entry)) : c.json({ code: "not_found" }, 404);
  });
  app.delete("/vista/v3/applications/:ref", async (c) => {
    const denied = await vistaVerify(c, "");
    if (denied) return denied;
    countCall(vista, c.req.param("ref"), "cancel");
    const entry = cancelEntry(vista, c.req.param("ref"));
    return entry ? json(c, vistaView(entry)) : c.json({ code: "not_found" }, 404);
  });

  // ───────────────────────────── nova: basic auth ─────────────────────────────
  const nova = states.nova;
  const novaAuth = (c: Context) =>
    c.req.header("authorization") ===
    `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.nova.username}:${SANDBOX_CREDENTIALS.nova.password}`).toString("base64")}`;
  const novaView = (entry: LedgerEntry) => ({
    nova_id: entry.lenderReference,
    id: entry.reference,
    outcome: entry.status === "APPROVED" ? "OK" : entry.status === "DECLINED" ? "NO" : "VOID",
    quote: entry.decision.approved
      ? {
          amount: Number(entry.decision.principalPaise),
          months: entry.decision.tenorMonths,
          rate_bps: entry.decision.annualRateBps,
          fee: Number(entry.decision.processingFeePaise),
        }
      : null,
    reason: entry.decision.approved ? null : entry.decision.message,
  });
  app.post("/nova/quote", async (c) => {
    if (!novaAuth(c)) return c.json({ message: "unauthorised" }, 401);
    const parsed = z
      .object({
        id: z.string().min(6),
        pan: z.string().regex(PAN),
        dob: z.string().regex(ISO),
        salary: z.number().int(),
        job: z.string(),
        zip: z.string(),
        amount: z.number().int().positive(),
        score: z.number().int().nullable(),
      })
      .safeParse(await body(c));
    if (!parsed.success) return c.json({ message: "bad request" }, 400);
    const input = parsed.data;
    return applyFlow(c, {
      state: nova,
      reference: input.id,
      applicant: {
        pan: input.pan,
        dateOfBirth: input.dob,
        monthlyIncomePaise: BigInt(input.salary),
        employment: input.job,
        pincode: input.zip,
        bureauScore: input.score,
      },
      ticketPaise: BigInt(input.amount),
      callbackUrl: null,
      render: (entry) => json(c, novaView(entry)),
      serverError: () => c.json({ message: "down" }, 500),
      authExpired: () => c.json({ message: "unauthorised" }, 401),
      callbackBody: novaView,
    });
  });
  app.get("/nova/quote/:id", async (c) => {
    if (!novaAuth(c)) return c.json({ message: "unauthorised" }, 401);
    await inquiryDelay(nova, c.req.param("id"));
    const entry = nova.ledger.get(c.req.param("id"));
    return entry ? json(c, novaView(entry)) : c.json({ message: "no such quote" }, 404);
  });
  app.delete("/nova/quote/:id", (c) => {
    if (!novaAuth(c)) return c.json({ message: "unauthorised" }, 401);
    countCall(nova, c.req.param("id"), "cancel");
    const entry = cancelEntry(nova, c.req.param("id"));
    return entry ? json(c, novaView(entry)) : c.json({ message: "no such quote" }, 404);
  });

  // ───────────────────────────── admin: faults, ledgers, counts ─────────────────────────────
  const latency = z.object({
    medianMs: z.number().int().min(0).max(600_000),
    p95Ms: z.number().int().min(0).max(600_000),
  });
  const faultsInput = z.object({
    mode: z.enum(FAULT_MODES).optional(),
    rate: z.number().min(0).max(1).optional(),
    latency: latency.nullable().optional(),
    slowLatency: latency.optional(),
    hangMs: z.number().int().min(100).max(600_000).optional(),
    tokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
  });
  const lenderOf = (code: string): LenderState | undefined => states[code as LenderCode];

  app.get("/lenders/_admin", (c) => c.json({ lenders: Object.values(states).map(summary) }));
  app.get("/lenders/_admin/:code", (c) => {
    const state = lenderOf(c.req.param("code"));
    return state ? c.json(summary(state)) : c.json({ error: "unknown lender" }, 404);
  });
  app.put("/lenders/_admin/:code/faults", async (c) => {
    const state = lenderOf(c.req.param("code"));
    if (!state) return c.json({ error: "unknown lender" }, 404);
    const parsed = faultsInput.safeParse(await body(c));
    if (!parsed.success) return c.json({ error: "invalid fault settings", issues: parsed.error.issues }, 400);
    const { tokenTtlSeconds, ...faults } = parsed.data;
    Object.assign(
      state.faults,
      Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
    );
    if (tokenTtlSeconds !== undefined) {
      if (state.code === "orbit") orbitTokenTtlSeconds = tokenTtlSeconds;
      if (state.code === "sahyog") sahyogSessionSeconds = tokenTtlSeconds;
    }
    return c.json(summary(state));
  });
  /** Invalidates every token and session the lender issued so far (as if they all expired now). */
  app.post("/lenders/_admin/:code/revoke-tokens", (c) => {
    const state = lenderOf(c.req.param("code"));
    if (!state) return c.json({ error: "unknown lender" }, 404);
    state.tokensValidAfter = Date.now();
    return c.json({ revokedAt: new Date(state.tokensValidAfter).toISOString() });
  });
  app.post("/lenders/_admin/reset", (c) => {
    for (const state of Object.values(states)) {
      state.faults = { ...DEFAULT_FAULTS };
    }
    return c.json({ ok: true });
  });
  /** The lender's own view of one of our references: its ledger entry and how often each call came. */
  app.get("/lenders/_admin/:code/ledger/:ref", (c) => {
    const state = lenderOf(c.req.param("code"));
    if (!state) return c.json({ error: "unknown lender" }, 404);
    const entry = state.ledger.get(c.req.param("ref")) ?? null;
    const calls = state.calls.get(c.req.param("ref")) ?? { apply: 0, inquiry: 0, cancel: 0, auth: 0 };
    return json(c, {
      entry: entry && { ...entry, decision: undefined, approved: entry.decision.approved },
      calls,
    });
  });
  /** Every reference the lender saw with a given prefix (one application's calls across lenders). */
  app.get("/lenders/_admin/:code/ledger", (c) => {
    const state = lenderOf(c.req.param("code"));
    if (!state) return c.json({ error: "unknown lender" }, 404);
    const prefix = c.req.query("prefix") ?? "";
    const entries = [...state.ledger.values()]
      .filter((e) => e.reference.startsWith(prefix))
      .map((e) => ({ reference: e.reference, status: e.status, lenderReference: e.lenderReference }));
    const calls = [...state.calls.entries()]
      .filter(([ref]) => ref.startsWith(prefix))
      .map(([reference, counts]) => ({ reference, ...counts }));
    return c.json({ entries, calls, authCalls: state.calls.get("_auth")?.auth ?? 0 });
  });

  return app;
}
