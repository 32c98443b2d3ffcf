/**
 * Watermarking and digital signing of loan documents.
 *
 * Signature: PAdES-style detached PKCS#7 (adbe.pkcs7.detached) over the PDF's byte range, made with a
 * certificate Flux holds. Outside production that is a development certificate generated on first use
 * (RSA 2048, self-signed, node-forge) and kept under .data/signing/ (or SIGNING_P12_PATH). Libraries:
 * @signpdf/* (placeholder via pdf-lib, P12 signer) because they produce signatures poppler's `pdfsig`
 * verifies; pdf-lib also draws the watermark on every page.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import signpdfExport from "@signpdf/signpdf";
import forge from "node-forge";
import { degrees, PDFDocument, rgb, StandardFonts } from "pdf-lib";

// @signpdf/signpdf is CommonJS with a default export: under Node's ESM loader (tsx, the workers) the
// default import is the module object, under bundlers it is the instance. Accept both.
const signpdf: typeof signpdfExport =
  typeof (signpdfExport as { sign?: unknown }).sign === "function"
    ? signpdfExport
    : (signpdfExport as unknown as { default: typeof signpdfExport }).default;

export const DEV_CERT_PASSPHRASE = "flux-dev-signing";
export const SIGNER_NAME = "Flux Fintech Private Limited (document signing, development)";

export function signingCertificatePath(): string {
  return process.env.SIGNING_P12_PATH ?? path.resolve(".data/signing/flux-dev-signing.p12");
}

/** Creates a self-signed signing certificate as PKCS#12. */
export function generateDevCertificate(): Buffer {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: "commonName", value: "Flux Document Signing (development)" },
    { name: "organizationName", value: "Flux Fintech Private Limited" },
    { name: "countryName", value: "IN" },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], DEV_CERT_PASSPHRASE, { algorithm: "3des" });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary");
}

let cached: Buffer | null = null;

/** The signing certificate, generated (once, atomically) if this machine has none yet. */
export function signingCertificate(): Buffer {
  if (cached) return cached;
  const file = signingCertificatePath();
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, generateDevCertificate(), { mode: 0o600 });
    // Two processes may race here: rename is atomic and either certificate is fine.
    renameSync(temp, file);
  }
  cached = readFileSync(file);
  return cached;
}

/** Draws the watermark on every page and returns the document (not yet signed). */
export async function watermark(pdf: Uint8Array, text: string): Promise<PDFDocument> {
  const doc = await PDFDocument.load(pdf);
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    page.drawText(text, {
      x: width * 0.12,
      y: height * 0.3,
      size: 34,
      font,
      color: rgb(0.55, 0.6, 0.7),
      opacity: 0.14,
      rotate: degrees(35),
    });
  }
  return doc;
}

export interface SignedPdf {
  bytes: Buffer;
  pageCount: number;
}

/** Watermarks and signs a rendered PDF. */
export async function watermarkAndSign(
  pdf: Uint8Array,
  options: { watermark: string; reason: string; signingTime: Date },
): Promise<SignedPdf> {
  const doc = await watermark(pdf, options.watermark);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: options.reason,
    contactInfo: "documents@flux.local",
    name: SIGNER_NAME,
    location: "Bengaluru, IN",
    signingTime: options.signingTime,
    signatureLength: 8192,
  });
  const pageCount = doc.getPageCount();
  const unsigned = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signer = new P12Signer(signingCertificate(), { passphrase: DEV_CERT_PASSPHRASE });
  const bytes = await signpdf.sign(unsigned, signer, options.signingTime);
  return { bytes, pageCount };
}
