import { openApiDocument } from "@/server/trpc/openapi";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of the loan-state API, generated from the tRPC procedures. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "no-store" } });
}
