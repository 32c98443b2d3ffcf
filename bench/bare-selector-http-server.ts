/**
 * The peer for `bench selector-http`: a bare node:http server doing the same work as the tRPC mutation
 * lendingRules.evaluate (decode the session JWT, load the actor, check rules.read, parse and validate the
 * same zod input, derive facts, evaluate the published rules with ZEN through the same runtime, superjson
 * the reply), with none of Next or tRPC. Prints "listening <port>" when ready.
 */
import http from "node:http";
import superjson from "superjson";
import { hasPermission } from "@/server/auth/permissions";
import { actorFromToken, decodeSessionToken } from "@/server/auth/session";
import { evaluateInput } from "@/server/lending/rules/schemas";
import { deriveFacts, evaluateLenders } from "@/server/lending/rules/selector";
import { createDb } from "@/server/platform/db/client";

const db = createDb(process.env.DATABASE_URL!, { max: 10 });
const secret = process.env.AUTH_SECRET!;
const deps = { db };

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

async function body(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const server = http.createServer(async (request, response) => {
  try {
    const jwt = await decodeSessionToken(
      cookieValue(request.headers.cookie, "next-auth.session-token"),
      secret,
    );
    const actor = await actorFromToken(db, jwt);
    if (actor.kind !== "user" || !hasPermission(actor.roles, "rules.read")) {
      response.writeHead(401).end();
      return;
    }
    const parsed = evaluateInput.safeParse((JSON.parse(await body(request)) as { json: unknown }).json);
    if (!parsed.success) {
      response.writeHead(400).end();
      return;
    }
    const input = parsed.data;
    const facts = deriveFacts({
      dateOfBirth: input.dateOfBirth,
      applicationAt: new Date(),
      bureauScore: input.bureauScore,
      monthlyIncomePaise: BigInt(input.monthlyIncomeRupees) * 100n,
      employmentType: input.employmentType,
      pincode: input.pincode,
      ticketPaise: BigInt(input.ticketRupees) * 100n,
      merchantCategory: input.merchantCategory,
    });
    const selection = await evaluateLenders(deps, {
      facts,
      ruleVersionId: input.versionId,
      trace: input.trace,
    });
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ result: { data: superjson.serialize({ facts, ...selection }) } }));
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
