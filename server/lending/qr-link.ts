/**
 * Store QR links: `/checkout/s/<storeCode>?amount=…&item=…&exp=…&n=…&sig=…`. The signature (HMAC-SHA256
 * over store, amount in paise, item, expiry and nonce) makes a tampered amount or item detectable; the
 * expiry bounds how long a printed code works; the nonce makes each code start at most one application.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export interface QrLinkFields {
  storeCode: string;
  amountPaise: bigint;
  item: string;
  expiresAt: Date;
  nonce: string;
}

function payload(fields: QrLinkFields): string {
  return [
    fields.storeCode,
    fields.amountPaise.toString(),
    fields.item,
    Math.floor(fields.expiresAt.getTime() / 1000),
    fields.nonce,
  ].join("\n");
}

export function signQrLink(secret: string, fields: QrLinkFields): string {
  return createHmac("sha256", `flux-qr:${secret}`).update(payload(fields)).digest("base64url").slice(0, 32);
}

export function verifyQrSignature(secret: string, fields: QrLinkFields, signature: string): boolean {
  const expected = Buffer.from(signQrLink(secret, fields));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** "45000" or "45000.5" or "45000.50" rupees → paise, exactly (no float). Null when malformed. */
export function rupeesToPaise(text: string): bigint | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

export function paiseToRupeesText(paise: bigint): string {
  const rupees = paise / 100n;
  const rest = paise % 100n;
  return rest === 0n ? rupees.toString() : `${rupees}.${rest.toString().padStart(2, "0")}`;
}

export function newNonce(): string {
  return randomBytes(9).toString("base64url");
}

export function qrLinkPath(secret: string, fields: QrLinkFields): string {
  const params = new URLSearchParams({
    amount: paiseToRupeesText(fields.amountPaise),
    item: fields.item,
    exp: String(Math.floor(fields.expiresAt.getTime() / 1000)),
    n: fields.nonce,
    sig: signQrLink(secret, fields),
  });
  return `/checkout/s/${encodeURIComponent(fields.storeCode)}?${params.toString()}`;
}
