/** Job contracts of the messaging context. */
import { z } from "zod";
import { defineJob } from "../platform/queues/define-job";

export const sendSmsJob = defineJob({
  name: "messaging.sms.send",
  queue: "notifications",
  payload: z.object({ messageId: z.string().uuid(), body: z.string().min(1).max(1_000) }),
  options: { attempts: 6, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 } },
});

export const sendEmailJob = defineJob({
  name: "messaging.email.send",
  queue: "notifications",
  payload: z.object({
    messageId: z.string().uuid(),
    subject: z.string().min(1).max(300),
    text: z.string().min(1).max(100_000),
    html: z.string().max(500_000).optional(),
  }),
  options: { attempts: 6, backoff: { type: "exponential", delay: 2_000, jitter: 0.5 } },
});
