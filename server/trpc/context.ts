/** The tRPC context: who is calling (Actor), from where, and the process's dependencies. */
import type { Actor } from "../platform/actor";
import type { AppDeps } from "../platform/deps";

export interface TrpcContext {
  actor: Actor;
  ip: string;
  correlationId: string;
  deps: AppDeps;
}
