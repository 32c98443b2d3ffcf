/** The sandbox's HTTP app (sinks now; lenders, gateway and KYC later), shared by sandbox/main.ts and tests. */
import { Hono } from "hono";
// funds (issue 5): the AMFI NAV file host with fault modes
import { createAmfiHost } from "./amfi";
// loans (issue 4): the Razorpay-style payment gateway with signed webhooks and fault modes
import { createGateway } from "./gateway";
// lending (issue 3): sandbox lenders, credit bureau and their fault-mode admin API
import { createLenders } from "./lenders/apis";
import { createSinks } from "./sinks";

export function createSandboxApp(): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok", service: "flux-sandbox" }));
  app.route("/", createSinks());
  // lending (issue 3)
  app.route("/", createLenders());
  // funds (issue 5)
  app.route("/", createAmfiHost());
  // loans (issue 4)
  app.route("/", createGateway());
  app.notFound((c) => c.json({ error: `no sandbox route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
