/** The demo personas seeded on every stack (README lists them). One password for all of them. */
import type { Role } from "./permissions";

export const DEMO_PASSWORD = "Flux-demo-2026";

export const DEMO_ACCOUNTS = [
  { email: "admin@flux.local", name: "Asha Admin", role: "admin", organisationCode: "FLUX" },
  { email: "partner@flux.local", name: "Priya Partner", role: "partner", organisationCode: "ACME-PARTNERS" },
  { email: "investor@flux.local", name: "Ishaan Investor", role: "investor", organisationCode: null },
  {
    email: "distributor@flux.local",
    name: "Dev Distributor",
    role: "distributor",
    organisationCode: "WEALTHWISE",
  },
  { email: "compliance@flux.local", name: "Kavya Compliance", role: "compliance", organisationCode: "FLUX" },
  {
    email: "store@flux.local",
    name: "Sameer Store",
    role: "merchant",
    organisationCode: "METRO-ELECTRONICS",
  },
] as const satisfies readonly { email: string; name: string; role: Role; organisationCode: string | null }[];

/** A shopper who signs in with a one-time code (the code arrives in the sandbox SMS sink). */
export const DEMO_SHOPPER_PHONE = "+919876543210";
