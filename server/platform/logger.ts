/** pino logger; every line carries the correlation id of the request or job it belongs to. */
import pino from "pino";
import { env } from "./env";
import { currentContext } from "./request-context";

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { service: process.env.FLUX_PROCESS ?? "web" },
  mixin() {
    const context = currentContext();
    return context ? { correlationId: context.correlationId } : {};
  },
  redact: {
    paths: [
      "password",
      "*.password",
      "otp",
      "*.otp",
      "authorization",
      "*.authorization",
      "cookie",
      "*.cookie",
    ],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
