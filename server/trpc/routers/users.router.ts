import { z } from "zod";
import { ROLES } from "../../auth/permissions";
import { emailSchema, passwordSchema, roleSchema } from "../../auth/schemas";
import { forgetCachedActor } from "../../auth/session";
import {
  createUser,
  listOrganisations,
  listUsers,
  setUserStatus,
  updateUserRoles,
} from "../../auth/users.service";
import { commandContext, permissionProcedure, router } from "../init";

const userId = z.string().uuid("Unknown user");

export const usersRouter = router({
  list: permissionProcedure("users.read")
    .input(
      z.object({
        query: z.string().trim().max(100).optional(),
        role: z.enum(ROLES).optional(),
        status: z.enum(["ACTIVE", "DISABLED"]).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(5).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => listUsers(ctx.deps.db, input)),

  organisations: permissionProcedure("users.read").query(({ ctx }) => listOrganisations(ctx.deps.db)),

  create: permissionProcedure("users.manage")
    .input(
      z.object({
        name: z.string().trim().min(2, "Enter a name").max(120),
        email: emailSchema,
        roles: z.array(roleSchema).min(1, "Pick at least one role").max(ROLES.length),
        organisationId: z.string().uuid().nullable().optional(),
        password: passwordSchema,
      }),
    )
    .mutation(({ ctx, input }) => createUser(ctx.deps, commandContext(ctx), input)),

  updateRoles: permissionProcedure("users.manage")
    .input(
      z.object({ userId, roles: z.array(roleSchema).min(1, "Pick at least one role").max(ROLES.length) }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await updateUserRoles(ctx.deps, commandContext(ctx), input);
      forgetCachedActor(input.userId);
      return result;
    }),

  setStatus: permissionProcedure("users.manage")
    .input(z.object({ userId, status: z.enum(["ACTIVE", "DISABLED"]) }))
    .mutation(async ({ ctx, input }) => {
      const result = await setUserStatus(ctx.deps, commandContext(ctx), input);
      forgetCachedActor(input.userId);
      return result;
    }),
});
