import { z } from "zod";
import { jobContract } from "../../jobs";
import { listOutboundMessages } from "../../messaging/messages.service";
import { readSandboxSink } from "../../messaging/providers";
import { setClockOffset } from "../../platform/business-clock";
import { AppError } from "../../platform/errors";
import { checkHealth } from "../../platform/observability/health";
import {
  failedJobs,
  listDeadLetters,
  queueOverview,
  replayDeadLetter,
  retryFailedJob,
} from "../../platform/ops/queues.service";
import { QUEUE_NAMES } from "../../platform/queues/queue-names";
import { commandContext, permissionProcedure, router } from "../init";

const queueName = z
  .enum(QUEUE_NAMES as [string, ...string[]])
  .transform((value) => value as (typeof QUEUE_NAMES)[number]);

async function unlessRedisDown<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "UNAVAILABLE",
      "Queues are unreachable: Redis is not answering. Work is kept in the outbox.",
      {
        cause: error,
      },
    );
  }
}

export const opsRouter = router({
  queues: permissionProcedure("ops.queues.read").query(({ ctx }) =>
    unlessRedisDown(() => queueOverview(ctx.deps.queues)),
  ),

  failedJobs: permissionProcedure("ops.queues.read")
    .input(z.object({ queue: queueName, page: z.number().int().min(1).max(1_000).default(1) }))
    .query(({ ctx, input }) =>
      unlessRedisDown(() => failedJobs(ctx.deps.queues, input.queue, input.page, 20)),
    ),

  retryJob: permissionProcedure("ops.queues.manage")
    .input(z.object({ queue: queueName, jobId: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) =>
      unlessRedisDown(() => retryFailedJob(ctx.deps, commandContext(ctx), input)),
    ),

  deadLetters: permissionProcedure("ops.queues.read")
    .input(z.object({ queue: queueName.optional(), includeReplayed: z.boolean().default(false) }))
    .query(({ ctx, input }) => listDeadLetters(ctx.deps.db, { ...input, limit: 100 })),

  replayDeadLetter: permissionProcedure("ops.queues.manage")
    .input(z.object({ deadLetterId: z.string().uuid() }))
    .mutation(({ ctx, input }) => replayDeadLetter(ctx.deps, commandContext(ctx), input, jobContract)),

  messages: permissionProcedure("ops.messages.read")
    .input(
      z.object({
        channel: z.enum(["SMS", "EMAIL"]).optional(),
        recipient: z.string().trim().max(100).optional(),
      }),
    )
    .query(({ ctx, input }) => listOutboundMessages(ctx.deps.db, { ...input, limit: 100 })),

  /** What the sandbox SMS/email sinks received: the "phone" and "inbox" of development stacks. */
  sinkInbox: permissionProcedure("ops.messages.read")
    .input(
      z.object({ channel: z.enum(["sms", "email"]).optional(), to: z.string().trim().max(100).optional() }),
    )
    .query(async ({ ctx, input }) => {
      try {
        return {
          available: true as const,
          messages: await readSandboxSink(ctx.deps.sandboxUrl, { ...input, limit: 100 }),
        };
      } catch (error) {
        return {
          available: false as const,
          messages: [],
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }),

  health: permissionProcedure("ops.health.read").query(({ ctx }) =>
    checkHealth({ db: ctx.deps.db, redis: ctx.deps.redis, redisPrefix: ctx.deps.redisPrefix }),
  ),

  clock: permissionProcedure("ops.settings.manage").query(({ ctx }) => ({
    now: ctx.deps.clock.now(),
    offsetMs: ctx.deps.clock.offsetMs(),
    allowTimeTravel: ctx.deps.allowTimeTravel,
  })),

  setClockOffset: permissionProcedure("ops.settings.manage")
    .input(
      z.object({
        offsetMs: z
          .number()
          .int()
          .min(-366 * 86_400_000)
          .max(3 * 366 * 86_400_000),
      }),
    )
    .mutation(({ ctx, input }) => setClockOffset(ctx.deps, commandContext(ctx), input.offsetMs)),
});
