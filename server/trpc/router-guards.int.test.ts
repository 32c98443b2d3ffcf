/**
 * Walks the whole router: every procedure has a guard, and every procedure is called as every role
 * (and anonymously). Roles the guard names get through (success or a validation error); every other
 * role gets FORBIDDEN, anonymous callers get UNAUTHORIZED.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { hasPermission, ROLES, type Role } from "../auth/permissions";
import { type Actor, anonymousActor, userActor } from "../platform/actor";
import type { Guard } from "./init";
import { appRouter, createCaller } from "./root";

const stack = await createTestStack("guards");
const seeded = await seedTestData(stack.db);

const PUBLIC_PROCEDURES = ["auth.requestOtp"];

type AnyProcedure = { _def: { meta?: { guard?: Guard }; type: "query" | "mutation" | "subscription" } };
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })._def.procedures,
);

function actorFor(role: Role): Actor {
  const user = seeded.users.find((candidate) => candidate.roles.length === 1 && candidate.roles[0] === role);
  if (!user) throw new Error(`no seeded user with only role ${role}`);
  return userActor({ id: user.id, roles: [role], organisationId: user.organisationId });
}

async function call(actor: Actor, path: string): Promise<{ ok: true } | { ok: false; code: string }> {
  const caller = createCaller({
    actor,
    ip: "127.0.0.1",
    correlationId: "corr-guards-0001",
    deps: stack.deps,
  });
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  try {
    await (target as (input: unknown) => Promise<unknown>)(undefined);
    return { ok: true };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code };
    throw error;
  }
}

function allows(guard: Guard, role: Role): boolean {
  if (guard.kind === "public" || guard.kind === "authenticated") return true;
  return hasPermission([role], guard.permission);
}

describe("router guards", () => {
  it("finds the procedures", () => {
    expect(procedures.length).toBeGreaterThan(15);
  });

  it("gives every procedure a guard, and only the listed ones are public", () => {
    const unguarded = procedures.filter(([, procedure]) => !procedure._def.meta?.guard).map(([path]) => path);
    expect(unguarded).toEqual([]);
    const publicOnes = procedures
      .filter(([, procedure]) => procedure._def.meta?.guard?.kind === "public")
      .map(([path]) => path);
    expect(publicOnes.sort()).toEqual(PUBLIC_PROCEDURES);
  });

  it.each(procedures.map(([path]) => path))("%s refuses anonymous callers unless public", async (path) => {
    const guard = procedures.find(([candidate]) => candidate === path)![1]._def.meta!.guard!;
    const result = await call(anonymousActor, path);
    if (guard.kind === "public")
      expect(result).not.toMatchObject({ code: expect.stringMatching(/UNAUTHORIZED|FORBIDDEN/) });
    else expect(result).toEqual({ ok: false, code: "UNAUTHORIZED" });
  });

  it.each(procedures.map(([path]) => path))("%s lets exactly its roles through", async (path) => {
    const guard = procedures.find(([candidate]) => candidate === path)![1]._def.meta!.guard!;
    for (const role of ROLES) {
      const result = await call(actorFor(role), path);
      if (allows(guard, role)) {
        expect(result, `${role} should reach ${path}`).not.toMatchObject({
          code: expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/),
        });
      } else {
        expect(result, `${role} must be refused ${path}`).toEqual({ ok: false, code: "FORBIDDEN" });
      }
    }
  });
});

describe("tenant scoping", () => {
  it("shows a partner only their own organisation", async () => {
    const acme = seeded.byEmail("partner@flux.local");
    const beta = seeded.byEmail("beta.partner@flux.local");
    const asAcme = createCaller({
      actor: userActor({ ...acme, roles: ["partner"] }),
      ip: "127.0.0.1",
      correlationId: "c-tenant-0001",
      deps: stack.deps,
    });
    const asBeta = createCaller({
      actor: userActor({ ...beta, roles: ["partner"] }),
      ip: "127.0.0.1",
      correlationId: "c-tenant-0002",
      deps: stack.deps,
    });
    const [mine, theirs] = await Promise.all([asAcme.dashboard.partner(), asBeta.dashboard.partner()]);
    expect(mine.organisation.id).toBe(acme.organisationId);
    expect(theirs.organisation.id).toBe(beta.organisationId);
    expect(mine.team.map((member) => member.id)).not.toContain(beta.id);
  });

  it("refuses a role-holder without an organisation instead of showing someone else's", async () => {
    const store = seeded.byEmail("store@flux.local");
    const orphan = createCaller({
      actor: userActor({ id: store.id, roles: ["merchant"], organisationId: null }),
      ip: "127.0.0.1",
      correlationId: "c-tenant-0003",
      deps: stack.deps,
    });
    await expect(orphan.dashboard.store()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
