import { organisationScope, ownerScope } from "../../auth/scope";
import {
  adminDashboard,
  complianceDashboard,
  distributorDashboard,
  investorDashboard,
  partnerDashboard,
  shopperHome,
  storeDashboard,
} from "../../portals/dashboards.presenter";
import { permissionProcedure, router } from "../init";

export const dashboardRouter = router({
  admin: permissionProcedure("admin.dashboard.read").query(({ ctx }) =>
    adminDashboard(ctx.deps.db, ctx.deps.clock.now()),
  ),
  partner: permissionProcedure("partner.dashboard.read").query(({ ctx }) =>
    partnerDashboard(ctx.deps.db, organisationScope(ctx.actor)),
  ),
  distributor: permissionProcedure("distributor.dashboard.read").query(({ ctx }) =>
    distributorDashboard(ctx.deps.db, organisationScope(ctx.actor)),
  ),
  investor: permissionProcedure("investor.dashboard.read").query(({ ctx }) =>
    investorDashboard(ctx.deps.db, ownerScope(ctx.actor)),
  ),
  compliance: permissionProcedure("compliance.dashboard.read").query(({ ctx }) =>
    complianceDashboard(ctx.deps.db, ctx.deps.clock.now()),
  ),
  store: permissionProcedure("store.dashboard.read").query(({ ctx }) =>
    storeDashboard(ctx.deps.db, organisationScope(ctx.actor)),
  ),
  checkout: permissionProcedure("checkout.session.read").query(({ ctx }) =>
    shopperHome(ctx.deps.db, ownerScope(ctx.actor)),
  ),
});
