/**
 * Connector descriptors: everything Flux needs to talk to a lender, as data. A new lender is a new
 * descriptor (plus its secrets), not code. Descriptors are validated by this schema, versioned in the
 * database (immutable versions) and edited by admins.
 *
 * Values inside request templates are literals, or markers resolved against a scope:
 *   { "$from": "applicant.pan" }                          canonical application field (or var./secret. in handshakes)
 *   { "$from": "ticketPaise", "$transform": "paiseToRupees" }
 *   { "$from": "applicant.employmentType", "$map": { "SALARIED": "salaried" } }
 * Paths may contain {reference} (and any other top-level canonical field) placeholders.
 */
import { z } from "zod";

export const LENDER_OUTCOMES = [
  "APPROVED",
  "DECLINED",
  "RETRYABLE",
  "UNKNOWN",
  "NOT_FOUND",
  "AUTH_EXPIRED",
  "CANCELLED",
] as const;
export type LenderOutcome = (typeof LENDER_OUTCOMES)[number];

export const VALUE_TRANSFORMS = [
  "paiseToRupees",
  "paiseString",
  "paiseNumber",
  "isoToDmy",
  "string",
  "number",
  "upper",
  "lower",
] as const;

export const READ_TRANSFORMS = ["rupeesToPaise", "paise", "percentToBps", "number", "string"] as const;

const code = z.string().regex(/^[a-z][a-z0-9-]{1,29}$/, "lower-case letters, digits and - (2-30)");
const secretName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "a secret name (letters, digits, _)");
const responsePath = z.string().min(1).max(200);
const httpPath = z
  .string()
  .min(1)
  .max(300)
  .regex(/^\/[A-Za-z0-9/_{}.-]*$/, "a path starting with / (placeholders in {braces})");

/** A request template: any JSON, where objects with a "$from" or "$const" key are value markers. */
export type Template = unknown;
const templateSchema: z.ZodType<Template> = z.lazy(() =>
  z.union([
    z.string().max(500),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(templateSchema).max(50),
    z.record(z.string().max(100), templateSchema),
  ]),
);

export const readSpecSchema = z.object({
  path: responsePath,
  transform: z.enum(READ_TRANSFORMS).optional(),
});
export type ReadSpec = z.infer<typeof readSpecSchema>;

export const outcomeRuleSchema = z
  .object({
    /** HTTP statuses this rule covers; omitted = any. */
    status: z.array(z.number().int().min(100).max(599)).max(20).optional(),
    /** A response body field and the values that select this rule. */
    field: responsePath.optional(),
    equals: z
      .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .max(20)
      .optional(),
    outcome: z.enum(LENDER_OUTCOMES),
  })
  .refine((rule) => (rule.field === undefined) === (rule.equals === undefined), {
    message: "field and equals go together",
  });
export type OutcomeRule = z.infer<typeof outcomeRuleSchema>;

export const operationSchema = z.object({
  method: z.enum(["GET", "POST", "PUT", "DELETE"]),
  path: httpPath,
  headers: z.record(z.string().max(100), templateSchema).optional(),
  body: templateSchema.optional(),
  /** Evaluated in order; the first match decides. Unmatched: 5xx → UNKNOWN, other → UNKNOWN. */
  outcomes: z.array(outcomeRuleSchema).min(1).max(40),
  response: z
    .object({
      lenderReference: readSpecSchema.optional(),
      reason: readSpecSchema.optional(),
      offer: z
        .object({
          principalPaise: readSpecSchema,
          tenorMonths: readSpecSchema,
          annualRateBps: readSpecSchema,
          processingFeePaise: readSpecSchema,
        })
        .optional(),
    })
    .default({}),
});
export type Operation = z.infer<typeof operationSchema>;

const handshakeHttpStep = z.object({
  kind: z.literal("http"),
  name: z.string().min(1).max(40),
  method: z.enum(["GET", "POST"]),
  path: httpPath,
  body: templateSchema.optional(),
  /** Status codes that mean the step worked. */
  expectStatus: z.array(z.number().int()).min(1).max(10).default([200]),
  /** Variables to keep from the response: name → response path. */
  extract: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), responsePath).default({}),
  /** Secrets this step rotates: secret name → variable holding the new value (persisted atomically). */
  rotates: z.record(secretName, z.string()).optional(),
});
const handshakeHmacStep = z.object({
  kind: z.literal("hmac"),
  name: z.string().min(1).max(40),
  /** The HMAC key: a secret name. */
  secret: secretName,
  /** The message, with {var.x} and {secret.y} placeholders. */
  message: z.string().min(1).max(300),
  into: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/),
  encoding: z.enum(["hex", "base64"]).default("hex"),
});

export const authSchema = z.discriminatedUnion("scheme", [
  z.object({ scheme: z.literal("none") }),
  z.object({ scheme: z.literal("apiKey"), header: z.string().min(1).max(100), secret: secretName }),
  z.object({ scheme: z.literal("basic"), usernameSecret: secretName, passwordSecret: secretName }),
  z.object({
    scheme: z.literal("oauth2ClientCredentials"),
    tokenPath: httpPath,
    clientIdSecret: secretName,
    clientSecretSecret: secretName,
    scope: z.string().max(200).optional(),
    /** Refresh this long before the token's stated expiry. */
    refreshSkewSeconds: z.number().int().min(0).max(3_600).default(30),
  }),
  z.object({
    scheme: z.literal("handshake"),
    steps: z
      .array(z.discriminatedUnion("kind", [handshakeHttpStep, handshakeHmacStep]))
      .min(1)
      .max(8),
    /** The variable holding the session token and the header that carries it. */
    tokenVar: z.string(),
    header: z.string().min(1).max(100),
    prefix: z.string().max(20).default(""),
    /** The variable holding the token's lifetime in seconds, or a fixed lifetime. */
    ttlVar: z.string().optional(),
    ttlSeconds: z.number().int().min(10).max(86_400).default(900),
    refreshSkewSeconds: z.number().int().min(0).max(3_600).default(60),
  }),
  z.object({
    scheme: z.literal("hmacRequest"),
    keyIdHeader: z.string().min(1).max(100),
    keyIdSecret: secretName,
    secret: secretName,
    timestampHeader: z.string().min(1).max(100),
    signatureHeader: z.string().min(1).max(100),
    /** What is signed: METHOD \n PATH \n TIMESTAMP \n SHA256(BODY) in hex. */
    canonical: z.literal("method-path-timestamp-bodysha256").default("method-path-timestamp-bodysha256"),
  }),
]);
export type AuthConfig = z.infer<typeof authSchema>;

export const descriptorSchema = z.object({
  code,
  name: z.string().trim().min(2).max(120),
  /** The lender's base URL; "{sandbox}" is replaced by the sandbox's URL on this stack. */
  baseUrl: z.string().min(4).max(300),
  disclosure: z.object({
    regulatoryStatus: z.string().trim().min(2).max(200),
    grievanceOfficer: z.object({
      name: z.string().trim().min(2).max(120),
      email: z.string().email().max(200),
      phone: z.string().trim().min(8).max(20),
    }),
  }),
  auth: authSchema,
  operations: z.object({
    apply: operationSchema,
    status: operationSchema,
    cancel: operationSchema.optional(),
  }),
  timeouts: z
    .object({ requestMs: z.number().int().min(100).max(60_000).default(8_000) })
    .default({ requestMs: 8_000 }),
  limits: z
    .object({
      concurrency: z.number().int().min(1).max(1_000).default(20),
      ratePerSecond: z.number().int().min(1).max(10_000).default(50),
    })
    .default({ concurrency: 20, ratePerSecond: 50 }),
  retry: z
    .object({
      /** Calls of one kind per application (first call included) for RETRYABLE outcomes. */
      maxAttempts: z.number().int().min(1).max(5).default(2),
      baseDelayMs: z.number().int().min(10).max(10_000).default(250),
    })
    .default({ maxAttempts: 2, baseDelayMs: 250 }),
  /** The bounded status-inquiry schedule after an unknown outcome (delays before each inquiry). */
  inquiry: z
    .object({ delaysMs: z.array(z.number().int().min(50).max(120_000)).min(1).max(8) })
    .default({ delaysMs: [1_000, 2_000, 4_000] }),
  breaker: z
    .object({
      windowSeconds: z.number().int().min(5).max(600).default(30),
      minimumCalls: z.number().int().min(1).max(1_000).default(5),
      failureRatio: z.number().min(0.05).max(1).default(0.5),
      slowCallMs: z.number().int().min(100).max(60_000).default(5_000),
      slowCallRatio: z.number().min(0.05).max(1).default(0.8),
      openSeconds: z.number().int().min(1).max(3_600).default(15),
    })
    .default({
      windowSeconds: 30,
      minimumCalls: 5,
      failureRatio: 0.5,
      slowCallMs: 5_000,
      slowCallRatio: 0.8,
      openSeconds: 15,
    }),
  kfs: z
    .object({
      latePaymentFeePaise: z.number().int().min(0).max(1_000_000).default(50_000),
      bounceChargePaise: z.number().int().min(0).max(1_000_000).default(35_000),
      coolingOffDays: z.number().int().min(1).max(30).default(3),
    })
    .default({ latePaymentFeePaise: 50_000, bounceChargePaise: 35_000, coolingOffDays: 3 }),
});

export type ConnectorDescriptor = z.infer<typeof descriptorSchema>;
export type ConnectorDescriptorInput = z.input<typeof descriptorSchema>;

/** Names of every secret a descriptor reads (for the admin page and for seeding). */
export function secretNames(descriptor: ConnectorDescriptor): string[] {
  const auth = descriptor.auth;
  const names = new Set<string>();
  if (auth.scheme === "apiKey") names.add(auth.secret);
  if (auth.scheme === "basic") for (const n of [auth.usernameSecret, auth.passwordSecret]) names.add(n);
  if (auth.scheme === "oauth2ClientCredentials")
    for (const n of [auth.clientIdSecret, auth.clientSecretSecret]) names.add(n);
  if (auth.scheme === "hmacRequest") for (const n of [auth.keyIdSecret, auth.secret]) names.add(n);
  if (auth.scheme === "handshake") {
    const text = JSON.stringify(auth.steps);
    for (const match of text.matchAll(/secret\.([a-zA-Z][a-zA-Z0-9_]*)/g)) names.add(match[1]!);
    for (const step of auth.steps) {
      if (step.kind === "hmac") names.add(step.secret);
      if (step.kind === "http") for (const n of Object.keys(step.rotates ?? {})) names.add(n);
    }
  }
  return [...names];
}
