import { describe, expect, it } from "vitest";
import {
  hasPermission,
  homePathFor,
  PERMISSIONS,
  portalForPath,
  ROLE_PERMISSIONS,
  ROLES,
} from "./permissions";

describe("permissions as data", () => {
  it("grants only listed permissions", () => {
    for (const role of ROLES) {
      for (const permission of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
    }
  });

  it("keeps user management with admins only", () => {
    const holders = ROLES.filter((role) => hasPermission([role], "users.manage"));
    expect(holders).toEqual(["admin"]);
  });

  it("lets compliance read and verify the audit trail but not manage users", () => {
    expect(hasPermission(["compliance"], "audit.verify")).toBe(true);
    expect(hasPermission(["compliance"], "users.read")).toBe(false);
  });

  it("ignores unknown roles", () => {
    expect(hasPermission(["root"], "users.read")).toBe(false);
  });

  it.each([
    ["/admin", "admin"],
    ["/admin/users", "admin"],
    ["/administrator", undefined],
    ["/store/applications", "store"],
    ["/checkout/home", "checkout"],
    ["/checkout", undefined],
    ["/", undefined],
  ])("maps %s to portal %s", (path, portal) => {
    expect(portalForPath(path)?.id).toBe(portal);
  });

  it("sends users to their first role's portal", () => {
    expect(homePathFor(["merchant"])).toBe("/store");
    expect(homePathFor(["investor", "distributor"])).toBe("/investor");
    expect(homePathFor([])).toBe("/");
  });
});
