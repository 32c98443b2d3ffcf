/**
 * The sandbox process: the outside world over real HTTP for development and tests (SMS and email sinks
 * now; lenders, payment gateway and KYC as those capabilities arrive). Never part of a production deploy.
 */
import { serve } from "@hono/node-server";
import { createSandboxApp } from "./app";

const port = Number(process.env.SANDBOX_PORT ?? 4010);
const host = process.env.SANDBOX_HOST ?? "127.0.0.1";

const server = serve({ fetch: createSandboxApp().fetch, port, hostname: host }, (info) => {
  console.log(`sandbox listening on http://${host}:${info.port}`);
});

function shutdown(signal: string) {
  console.log(`sandbox stopping (${signal})`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
