/**
 * Short-lived signed links to loan documents: HMAC-SHA256 over the document id and expiry with the server
 * secret. Light on imports: the web route that serves documents uses it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../../platform/db/client";

/** How long a link sent by SMS/email stays valid. */
export const SENT_LINK_TTL_SECONDS = 24 * 3600;
/** How long a link made for an in-app download stays valid. */
export const APP_LINK_TTL_SECONDS = 10 * 60;

function signature(secret: string, documentId: string, expires: number): string {
  return createHmac("sha256", secret).update(`loan-document.${documentId}.${expires}`).digest("base64url");
}

export function signedDocumentPath(
  secret: string,
  documentId: string,
  now: Date,
  ttlSeconds: number,
): string {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return `/api/loans/documents/${documentId}?exp=${expires}&sig=${signature(secret, documentId, expires)}`;
}

export function verifyDocumentLink(
  secret: string,
  documentId: string,
  expires: string | null,
  sig: string | null,
  now: Date,
): "ok" | "expired" | "invalid" {
  if (!expires || !sig || !/^\d{1,12}$/.test(expires)) return "invalid";
  const expected = Buffer.from(signature(secret, documentId, Number(expires)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  if (Number(expires) * 1000 < now.getTime()) return "expired";
  return "ok";
}

/** The stored bytes for a verified link (the route handler checks the signature first). */
export async function readDocument(db: Db, documentId: string) {
  return db.loanDocument.findUnique({
    where: { id: documentId },
    select: { id: true, kind: true, bytes: true, sha256: true, loan: { select: { reference: true } } },
  });
}
