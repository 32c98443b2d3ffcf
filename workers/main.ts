export {};

/**
 * The workers process (`npm run workers`): a separate process from the web app. Stops gracefully on
 * SIGTERM/SIGINT: stops taking jobs, lets running ones finish, closes connections.
 */
// Set before the logger module loads (it names the process in every line), hence the dynamic imports.
process.env.FLUX_PROCESS ??= "workers";

const { sandboxMessageProvider } = await import("@/server/messaging/providers");
const { createBusinessClock } = await import("@/server/platform/business-clock");
const { createDb } = await import("@/server/platform/db/client");
const { env } = await import("@/server/platform/env");
const { logger } = await import("@/server/platform/logger");
const { createQueueRegistry } = await import("@/server/platform/queues/queues");
const { createRedis } = await import("@/server/platform/redis");
const { startWorkers } = await import("./runtime");

const { QUEUE_NAMES } = await import("@/server/platform/queues/queue-names");

const config = env();
// `npm run workers -- notifications` (or WORKER_QUEUES=notifications) runs only the named queues, so a
// deployment can scale a busy queue on its own; with no names, one process serves every queue.
const requested = [...process.argv.slice(2), ...(process.env.WORKER_QUEUES ?? "").split(",")]
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = requested.filter((name) => !(QUEUE_NAMES as string[]).includes(name));
if (unknown.length) {
  console.error(`unknown queue(s): ${unknown.join(", ")}; known: ${QUEUE_NAMES.join(", ")}`);
  process.exit(2);
}
const queueNames = requested.length ? (requested as typeof QUEUE_NAMES) : QUEUE_NAMES;
const db = createDb(config.DATABASE_URL, { max: 10 });
const redis = createRedis("general");
const queues = createQueueRegistry();
const clock = createBusinessClock(db);
await clock.refresh();

const running = await startWorkers({
  deps: {
    db,
    clock,
    messageProvider: sandboxMessageProvider(config.SANDBOX_URL),
    redis,
    redisPrefix: config.REDIS_PREFIX,
    sandboxUrl: config.SANDBOX_URL,
  },
  db,
  databaseUrl: config.DATABASE_URL,
  queues,
  createWorkerConnection: () => createRedis("worker"),
  redis,
  prefix: config.REDIS_PREFIX,
  logger,
  queueNames,
});
// Lets a supervisor (the start script, Playwright) know the process is ready.
// biome-ignore lint/suspicious/noConsole: a plain readiness line on stdout, read by supervisors
console.log("workers ready");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "workers stopping");
  const force = setTimeout(() => {
    logger.error("workers did not stop within 25 s; exiting");
    process.exit(1);
  }, 25_000);
  force.unref();
  try {
    await running.stop();
    // loans (issue 4): the PDF worker's warm Chromium pool
    await (await import("@/server/loans/documents/pdf-pool")).closeSharedPdfPool();
    await queues.close();
    redis.disconnect();
    await db.$disconnect();
  } finally {
    clearTimeout(force);
    process.exit(0);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
