/**
 * Ownership scoping. Queries on tenant- or owner-held data take one of these scopes, which can only be
 * made from an actor, so a query cannot be written without the actor's scope and an id alone reaches
 * nothing.
 */
import type { Actor } from "../platform/actor";
import { AppError } from "../platform/errors";

declare const scopeBrand: unique symbol;

export type OrganisationScope = { readonly organisationId: string; readonly [scopeBrand]: "organisation" };
export type OwnerScope = { readonly userId: string; readonly [scopeBrand]: "owner" };

export function organisationScope(actor: Actor): OrganisationScope {
  if (!actor.organisationId) {
    throw new AppError(
      "FORBIDDEN",
      "Your account is not linked to an organisation. Ask your administrator to link it.",
    );
  }
  return { organisationId: actor.organisationId } as OrganisationScope;
}

export function ownerScope(actor: Actor): OwnerScope {
  if (actor.kind !== "user" || !actor.userId) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return { userId: actor.userId } as OwnerScope;
}
