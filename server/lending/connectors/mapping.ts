/**
 * Pure mapping between Flux's canonical application and a lender's fields, driven by a descriptor:
 * request templates → lender JSON, lender JSON → outcome, offer terms and references.
 */
import type { LenderOutcome, Operation, ReadSpec } from "./descriptor";

/** What Flux knows about an application, in its own words (the scope request templates read). */
export interface CanonicalApplication {
  reference: string;
  requestId: string;
  callbackUrl: string | null;
  ticketPaise: bigint;
  bureauScore: number | null;
  applicant: {
    pan: string;
    dateOfBirth: string;
    monthlyIncomePaise: bigint;
    employmentType: string;
    pincode: string;
  };
  merchant: { category: string; storeCode: string };
}

export class MappingError extends Error {
  override readonly name = "MappingError";
}

export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const part of path.split(".")) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (typeof current === "object") current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

function transformValue(value: unknown, transform: string | undefined): unknown {
  if (value === undefined || value === null || !transform) return value ?? null;
  switch (transform) {
    case "paiseToRupees":
      return Number(BigInt(value as bigint) / 100n);
    case "paiseString":
      return BigInt(value as bigint).toString();
    case "paiseNumber":
      return Number(BigInt(value as bigint));
    case "isoToDmy": {
      const [y, m, d] = String(value).split("-");
      return `${d}/${m}/${y}`;
    }
    case "string":
      return String(value);
    case "number":
      return Number(value);
    case "upper":
      return String(value).toUpperCase();
    case "lower":
      return String(value).toLowerCase();
    default:
      throw new MappingError(`unknown transform ${transform}`);
  }
}

function isMarker(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    ("$from" in value || "$const" in value)
  );
}

/** Resolves a request template against a scope (canonical application, or handshake vars and secrets). */
export function resolveTemplate(template: unknown, scope: unknown): unknown {
  if (isMarker(template)) {
    if ("$const" in template) return template.$const;
    const raw = readPath(scope, String(template.$from));
    const map = template.$map as Record<string, unknown> | undefined;
    const mapped = map && raw !== null && raw !== undefined ? map[String(raw)] : raw;
    if (map && mapped === undefined)
      throw new MappingError(`no mapping for ${String(template.$from)}=${String(raw)}`);
    return transformValue(mapped, template.$transform as string | undefined);
  }
  if (Array.isArray(template)) return template.map((item) => resolveTemplate(item, scope));
  if (typeof template === "object" && template !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const resolved = resolveTemplate(value, scope);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }
  return template;
}

/** Fills {name} placeholders in a path or message from the scope (URL-encoded when asked). */
export function fillPlaceholders(text: string, scope: unknown, encode = true): string {
  return text.replace(/\{([a-zA-Z0-9_.]+)\}/g, (_all, path: string) => {
    const value = readPath(scope, path);
    if (value === undefined || value === null) throw new MappingError(`no value for {${path}}`);
    return encode ? encodeURIComponent(String(value)) : String(value);
  });
}

function matches(actual: unknown, expected: readonly (string | number | boolean | null)[]): boolean {
  return expected.some((value) =>
    value === null ? actual === null || actual === undefined : actual === value,
  );
}

/** Which outcome a lender's answer means, by the descriptor's rules (first match wins). */
export function classify(operation: Operation, status: number, body: unknown): LenderOutcome {
  for (const rule of operation.outcomes) {
    if (rule.status && !rule.status.includes(status)) continue;
    if (rule.field !== undefined && rule.equals && !matches(readPath(body, rule.field), rule.equals))
      continue;
    return rule.outcome;
  }
  return "UNKNOWN";
}

export function readValue(body: unknown, spec: ReadSpec): unknown {
  const raw = readPath(body, spec.path);
  if (raw === undefined || raw === null) return null;
  switch (spec.transform) {
    case "rupeesToPaise":
      return BigInt(Math.round(Number(raw))) * 100n;
    case "paise":
      return BigInt(String(raw));
    case "percentToBps": {
      // "15.50" → 1550 exactly (no float arithmetic on the digits)
      const [whole, fraction = ""] = String(raw).split(".");
      return Number(whole) * 100 + Number(`${fraction}00`.slice(0, 2));
    }
    case "number":
      return Number(raw);
    case "string":
      return String(raw);
    default:
      return raw;
  }
}

export interface LenderOfferTerms {
  principalPaise: bigint;
  tenorMonths: number;
  annualRateBps: number;
  processingFeePaise: bigint;
}

export function readOffer(operation: Operation, body: unknown): LenderOfferTerms | null {
  const spec = operation.response.offer;
  if (!spec) return null;
  const principal = readValue(body, spec.principalPaise);
  const tenor = readValue(body, spec.tenorMonths);
  const rate = readValue(body, spec.annualRateBps);
  const fee = readValue(body, spec.processingFeePaise);
  if (principal === null || tenor === null || rate === null) return null;
  const asBig = (value: unknown) => (typeof value === "bigint" ? value : BigInt(String(value ?? 0)));
  const terms: LenderOfferTerms = {
    principalPaise: asBig(principal),
    tenorMonths: Number(tenor),
    annualRateBps: Number(rate),
    processingFeePaise: asBig(fee ?? 0n),
  };
  if (
    terms.principalPaise <= 0n ||
    !Number.isInteger(terms.tenorMonths) ||
    terms.tenorMonths < 1 ||
    !Number.isInteger(terms.annualRateBps) ||
    terms.annualRateBps < 0 ||
    terms.processingFeePaise < 0n
  )
    return null;
  return terms;
}

export function readString(body: unknown, spec: ReadSpec | undefined): string | null {
  if (!spec) return null;
  const value = readValue(body, spec);
  return value === null || value === undefined ? null : String(value).slice(0, 500);
}
