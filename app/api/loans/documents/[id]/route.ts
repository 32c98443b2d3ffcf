import { readDocument, verifyDocumentLink } from "@/server/loans/documents/links";
import { appDeps } from "@/server/platform/deps";
import { logger } from "@/server/platform/logger";

export const dynamic = "force-dynamic";

/**
 * A loan document by short-lived signed link (sent by SMS/email, or made for an in-app download). The link
 * is the authority: HMAC over the document id and expiry with the server secret.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(request.url);
  const deps = appDeps();
  if (!/^[0-9a-f-]{36}$/.test(id)) return new Response("Unknown document.", { status: 404 });
  const verdict = verifyDocumentLink(
    deps.secret,
    id,
    url.searchParams.get("exp"),
    url.searchParams.get("sig"),
    new Date(),
  );
  if (verdict !== "ok") {
    logger.warn({ documentId: id, verdict }, "loan document link refused");
    return new Response(
      verdict === "expired"
        ? "This link has expired. Open the document from the Flux app to get a new one."
        : "This link is not valid.",
      { status: verdict === "expired" ? 410 : 403, headers: { "content-type": "text/plain; charset=utf-8" } },
    );
  }
  const document = await readDocument(deps.db, id);
  if (!document) return new Response("Unknown document.", { status: 404 });
  const name = `${document.kind === "AGREEMENT" ? "loan-agreement" : "no-dues-certificate"}-${document.loan.reference}.pdf`;
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${name}"`,
      "x-content-sha256": document.sha256,
      "cache-control": "private, no-store",
    },
  });
}
