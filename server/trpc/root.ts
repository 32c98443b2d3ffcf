/** The application router: one sub-router per area. */
import { createCallerFactory, router } from "./init";
import { auditRouter } from "./routers/audit.router";
import { authRouter } from "./routers/auth.router";
import { dashboardRouter } from "./routers/dashboard.router";
// funds (issue 5)
import { fundsRouter } from "./routers/funds.router";
// lending (issue 3): checkout, store QR links and live list, lending admin
import { lendingRouter } from "./routers/lending.router";
// lending rules
import { lendingRulesRouter } from "./routers/lending-rules.router";
// loans (issue 4)
import { loansRouter } from "./routers/loans";
import { opsRouter } from "./routers/ops.router";
import { usersRouter } from "./routers/users.router";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  ops: opsRouter,
  dashboard: dashboardRouter,
  // loans (issue 4)
  loans: loansRouter,
  // lending rules: versions, maker-checker publishing, simulation, try-it evaluator
  lendingRules: lendingRulesRouter,
  // funds (issue 5)
  funds: fundsRouter,
  // lending (issue 3)
  lending: lendingRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
