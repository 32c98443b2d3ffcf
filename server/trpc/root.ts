/** The application router: one sub-router per area. */
import { createCallerFactory, router } from "./init";
import { auditRouter } from "./routers/audit.router";
import { authRouter } from "./routers/auth.router";
import { dashboardRouter } from "./routers/dashboard.router";
// funds (issue 5)
import { fundsRouter } from "./routers/funds.router";
import { opsRouter } from "./routers/ops.router";
import { usersRouter } from "./routers/users.router";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  ops: opsRouter,
  dashboard: dashboardRouter,
  // funds (issue 5)
  funds: fundsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
