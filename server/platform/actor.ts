/** Who is doing something: a signed-in user, a named system process, or nobody yet. */
export interface Actor {
  kind: "user" | "system" | "anonymous";
  /** User id for users; null otherwise. */
  userId: string | null;
  roles: readonly string[];
  organisationId: string | null;
  /** What the audit trail shows as the actor: the user id, `system:<name>` or `anonymous`. */
  auditId: string;
}

export function userActor(user: {
  id: string;
  roles: readonly string[];
  organisationId: string | null;
}): Actor {
  return {
    kind: "user",
    userId: user.id,
    roles: user.roles,
    organisationId: user.organisationId,
    auditId: user.id,
  };
}

export function systemActor(name: string): Actor {
  return { kind: "system", userId: null, roles: ["system"], organisationId: null, auditId: `system:${name}` };
}

export const anonymousActor: Actor = {
  kind: "anonymous",
  userId: null,
  roles: [],
  organisationId: null,
  auditId: "anonymous",
};

/** Scope for idempotency keys and other per-actor state. */
export function actorScope(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.userId}` : actor.auditId;
}
