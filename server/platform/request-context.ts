/**
 * Per-request (or per-job) context carried through async calls: correlation id, actor, IP.
 * Set at the edge (route handler, job processor); read by the logger and the audit writer.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  correlationId: string;
  ip?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/** Accepts a caller's correlation id when it is well-formed, else makes a new one. */
export function correlationIdFrom(header: string | null | undefined): string {
  return header && CORRELATION_ID.test(header) ? header : randomUUID();
}
