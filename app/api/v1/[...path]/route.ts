import { handleRestRequest } from "@/server/trpc/openapi";

export const dynamic = "force-dynamic";

/** REST endpoints of the loan-state API (see /api/openapi.json). */
export function GET(request: Request) {
  return handleRestRequest(request);
}

export function POST(request: Request) {
  return handleRestRequest(request);
}
