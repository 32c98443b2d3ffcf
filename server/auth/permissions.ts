/**
 * Roles and permissions as data (Dub's pattern): an `as const` permission list and a role table.
 * Procedures name a permission; a user's roles grant permissions; nothing else decides access.
 */
export const ROLES = [
  "admin",
  "partner",
  "investor",
  "distributor",
  "compliance",
  "merchant",
  "shopper",
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "users.read",
  "users.manage",
  "audit.read",
  "audit.verify",
  "ops.queues.read",
  "ops.queues.manage",
  "ops.messages.read",
  "ops.health.read",
  "ops.settings.manage",
  "admin.dashboard.read",
  "partner.dashboard.read",
  "investor.dashboard.read",
  "distributor.dashboard.read",
  "compliance.dashboard.read",
  "store.dashboard.read",
  "checkout.session.read",
  // loans (issue 4)
  "loans.kfs.read",
  "loans.own.read",
  "loans.own.pay",
  "loans.book.read",
  "loans.book.manage",
  "loans.store.read",
  "loans.store.refund",
  // lending rules: read versions and try them; edit drafts and simulate; approve and publish (maker-checker)
  "rules.read",
  "rules.edit",
  "rules.approve",
  // funds (issue 5)
  "funds.catalog.read",
  "funds.admin.read",
  "funds.admin.manage",
  // lending (issue 3): shoppers apply and accept; store staff make QR links and watch applications;
  // admins run lenders (descriptors, faults, breakers), reconciliation and metrics
  "checkout.apply",
  "store.lending.manage",
  "lending.admin.read",
  "lending.admin.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS = {
  admin: [
    "users.read",
    "users.manage",
    "audit.read",
    "audit.verify",
    "ops.queues.read",
    "ops.queues.manage",
    "ops.messages.read",
    "ops.health.read",
    "ops.settings.manage",
    "admin.dashboard.read",
    // loans (issue 4)
    "loans.kfs.read",
    "loans.book.read",
    "loans.book.manage",
    // lending rules
    "rules.read",
    "rules.edit",
    "rules.approve",
    // funds (issue 5)
    "funds.catalog.read",
    "funds.admin.read",
    "funds.admin.manage",
    // lending (issue 3)
    "lending.admin.read",
    "lending.admin.manage",
  ],
  compliance: ["audit.read", "audit.verify", "compliance.dashboard.read"],
  partner: ["partner.dashboard.read"],
  investor: ["investor.dashboard.read", /* funds (issue 5) */ "funds.catalog.read"],
  distributor: ["distributor.dashboard.read", /* funds (issue 5) */ "funds.catalog.read"],
  merchant: [
    "store.dashboard.read",
    /* loans (issue 4) */ "loans.store.read",
    "loans.store.refund",
    /* lending (issue 3) */ "store.lending.manage",
  ],
  shopper: [
    "checkout.session.read",
    /* loans (issue 4) */ "loans.kfs.read",
    "loans.own.read",
    "loans.own.pay",
    /* lending (issue 3) */ "checkout.apply",
  ],
} as const satisfies Record<Role, readonly Permission[]>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  partner: "Partner",
  investor: "Investor",
  distributor: "Distributor",
  compliance: "Compliance officer",
  merchant: "Store staff",
  shopper: "Shopper",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    if (isRole(role)) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  }
  return granted;
}

export function hasPermission(roles: readonly string[], permission: Permission): boolean {
  return permissionsOf(roles).has(permission);
}

/** Each portal, the role it belongs to and where it lives. */
export const PORTALS = [
  { id: "admin", path: "/admin", role: "admin", title: "Admin" },
  { id: "partner", path: "/partner", role: "partner", title: "Partner portal" },
  { id: "investor", path: "/investor", role: "investor", title: "Investor" },
  { id: "distributor", path: "/distributor", role: "distributor", title: "Distributor portal" },
  { id: "compliance", path: "/compliance", role: "compliance", title: "Compliance" },
  { id: "store", path: "/store", role: "merchant", title: "Store" },
  { id: "checkout", path: "/checkout/home", role: "shopper", title: "Checkout" },
] as const satisfies readonly { id: string; path: string; role: Role; title: string }[];

export type PortalId = (typeof PORTALS)[number]["id"];

/** The portal a path belongs to, if any (the gate for server-side refusal). */
export function portalForPath(pathname: string): (typeof PORTALS)[number] | undefined {
  return PORTALS.find((portal) => pathname === portal.path || pathname.startsWith(`${portal.path}/`));
}

/** Where a user lands after sign-in: the portal of their first role. */
export function homePathFor(roles: readonly string[]): string {
  for (const portal of PORTALS) if (roles.includes(portal.role)) return portal.path;
  return "/";
}
