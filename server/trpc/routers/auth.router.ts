import { requestOtp } from "../../auth/otp.service";
import { homePathFor, permissionsOf } from "../../auth/permissions";
import { requestOtpSchema } from "../../auth/schemas";
import { ownerScope } from "../../auth/scope";
import { currentUserProfile } from "../../auth/users.service";
import { authenticatedProcedure, publicProcedure, router } from "../init";

export const authRouter = router({
  /** Sends a one-time code by SMS to a shopper's phone. */
  requestOtp: publicProcedure
    .input(requestOtpSchema)
    .mutation(({ ctx, input }) =>
      requestOtp(ctx.deps, input, { ip: ctx.ip, correlationId: ctx.correlationId }),
    ),

  me: authenticatedProcedure.query(async ({ ctx }) => {
    const user = await currentUserProfile(ctx.deps.db, ownerScope(ctx.actor));
    return {
      ...user,
      roles: ctx.actor.roles,
      permissions: [...permissionsOf(ctx.actor.roles)],
      homePath: homePathFor(ctx.actor.roles),
    };
  }),
});
