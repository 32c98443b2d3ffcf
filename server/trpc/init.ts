/**
 * tRPC initialisation and the ONLY procedure builders. Every procedure is built from one of these
 * guarded builders (publicProcedure is an explicit, named choice); `scripts/lint-guards.ts` fails the
 * build if anything else touches `t.procedure`, and the router walk test proves each guard holds.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { hasPermission, type Permission } from "../auth/permissions";
import type { Actor } from "../platform/actor";
import { AppError, isAppError, TRPC_CODE_FOR } from "../platform/errors";
import { logger } from "../platform/logger";
import type { CommandContext } from "../platform/unit-of-work";
import type { TrpcContext } from "./context";

export type Guard =
  | { kind: "public" }
  | { kind: "authenticated" }
  | { kind: "permission"; permission: Permission };

/** Guard for every procedure; `openapi` (loans, issue 4) exposes a procedure as REST in /api/openapi.json. */
export type ProcedureMeta = OpenApiMeta<{ guard?: Guard }>;

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const fieldErrors = cause instanceof ZodError ? cause.flatten().fieldErrors : undefined;
      let message = shape.message;
      if (cause instanceof ZodError) {
        message = cause.issues[0]?.message
          ? `Check your input: ${cause.issues[0].message}`
          : "Check your input.";
      } else if (error.code === "INTERNAL_SERVER_ERROR") {
        message = `Something went wrong on our side. Reference: ${ctx?.correlationId ?? "n/a"}`;
      }
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
          details: isAppError(cause) ? cause.details : undefined,
          correlationId: ctx?.correlationId,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/** Maps AppError to TRPCError and logs unexpected failures with the correlation id. */
const errorMapping = t.middleware(async ({ next, ctx, path, type }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (isAppError(cause)) {
      throw new TRPCError({ code: TRPC_CODE_FOR[cause.code], message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error(
        { err: cause ?? result.error, path, type, correlationId: ctx.correlationId },
        "procedure failed",
      );
    }
  }
  return result;
});

const base = t.procedure.use(errorMapping);

export const publicProcedure = base.meta({ guard: { kind: "public" } });

function requireUser(actor: Actor): asserts actor is Actor & { kind: "user"; userId: string } {
  if (actor.kind !== "user" || !actor.userId)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
}

export const authenticatedProcedure = base.meta({ guard: { kind: "authenticated" } }).use(({ ctx, next }) => {
  requireUser(ctx.actor);
  return next({ ctx });
});

/** A procedure only actors holding `permission` (through one of their roles) may call. */
export function permissionProcedure(permission: Permission) {
  return base.meta({ guard: { kind: "permission", permission } }).use(({ ctx, next }) => {
    requireUser(ctx.actor);
    if (!hasPermission(ctx.actor.roles, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You do not have access to this." });
    }
    return next({ ctx });
  });
}

/** The command context a procedure hands to a write service. */
export function commandContext(ctx: TrpcContext): CommandContext {
  return { actor: ctx.actor, correlationId: ctx.correlationId, ip: ctx.ip, clock: ctx.deps.clock };
}

export { AppError };
