import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/auth-options";
import { observeHttp } from "@/server/platform/observability/metrics";

export const dynamic = "force-dynamic";

async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  const started = performance.now();
  const response: Response = await NextAuth(authOptions())(request, context);
  observeHttp("/api/auth", request.method, response.status, (performance.now() - started) / 1000);
  return response;
}

export { handler as GET, handler as POST };
