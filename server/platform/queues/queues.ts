/** BullMQ Queue instances (producers and inspectors), one per queue name, on a fail-fast connection. */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "../env";
import { createRedis } from "../redis";
import { QUEUE_NAMES, type QueueName } from "./queue-names";

export interface QueueRegistry {
  get(name: QueueName): Queue;
  all(): Queue[];
  close(): Promise<void>;
}

export function createQueueRegistry(options: { connection?: Redis; prefix?: string } = {}): QueueRegistry {
  const connection = options.connection ?? createRedis("producer");
  const ownsConnection = !options.connection;
  const prefix = options.prefix ?? env().REDIS_PREFIX;
  const queues = new Map<QueueName, Queue>(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]),
  );
  return {
    get(name) {
      const queue = queues.get(name);
      if (!queue) throw new Error(`unknown queue ${name}`);
      return queue;
    },
    all: () => [...queues.values()],
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      if (ownsConnection) connection.disconnect();
    },
  };
}

const globalForQueues = globalThis as unknown as { fluxQueues?: QueueRegistry };

export function queues(): QueueRegistry {
  globalForQueues.fluxQueues ??= createQueueRegistry();
  return globalForQueues.fluxQueues;
}
