/** Job contracts of the platform context (maintenance queue). */
import { z } from "zod";
import { defineJob } from "./queues/define-job";

export const verifyAuditJob = defineJob({
  name: "platform.audit.verify",
  queue: "maintenance",
  payload: z.object({ verificationId: z.string().uuid() }),
  options: { attempts: 3 },
});

export const anchorAuditJob = defineJob({
  name: "platform.audit.anchor",
  queue: "maintenance",
  payload: z.object({}),
  options: { attempts: 3, removeOnComplete: { count: 100 } },
});

export const scheduledVerifyAuditJob = defineJob({
  name: "platform.audit.verify-nightly",
  queue: "maintenance",
  payload: z.object({}),
  options: { attempts: 2, removeOnComplete: { count: 30 } },
});

export const expireIdempotencyJob = defineJob({
  name: "platform.idempotency.expire",
  queue: "maintenance",
  payload: z.object({}),
  options: { attempts: 3, removeOnComplete: { count: 50 } },
});

export const pruneOutboxJob = defineJob({
  name: "platform.outbox.prune",
  queue: "maintenance",
  payload: z.object({}),
  options: { attempts: 3, removeOnComplete: { count: 50 } },
});
