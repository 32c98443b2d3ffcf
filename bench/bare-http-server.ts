/**
 * The peer for `bench http`: a bare node:http server doing the same work as the tRPC query
 * dashboard.investor (decode the session JWT, load the actor, read the investor's profile, superjson
 * the reply), with none of Next or tRPC. Prints "listening <port>" when ready.
 */
import http from "node:http";
import superjson from "superjson";
import { ownerScope } from "@/server/auth/scope";
import { actorFromToken, decodeSessionToken } from "@/server/auth/session";
import { createDb } from "@/server/platform/db/client";
import { investorDashboard } from "@/server/portals/dashboards.presenter";

const db = createDb(process.env.DATABASE_URL!, { max: 10 });
const secret = process.env.AUTH_SECRET!;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

const server = http.createServer(async (request, response) => {
  try {
    const jwt = await decodeSessionToken(
      cookieValue(request.headers.cookie, "next-auth.session-token"),
      secret,
    );
    const actor = await actorFromToken(db, jwt);
    if (actor.kind !== "user" || !actor.roles.includes("investor")) {
      response.writeHead(401).end();
      return;
    }
    const data = await investorDashboard(db, ownerScope(actor));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ result: { data: superjson.serialize(data) } }));
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
