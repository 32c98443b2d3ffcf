/** Each sandbox lender's own credit policy (illustrative, not any real lender's). */
import type { CreditPolicy } from "./core";

const RUPEE = 100n;

export const POLICIES: Record<"kite" | "orbit" | "sahyog" | "vista" | "nova", CreditPolicy> = {
  /** Kite Finance: broad, mid-priced consumer durables lender. */
  kite: {
    minScore: 650,
    minAge: 21,
    maxAge: 60,
    minMonthlyIncomePaise: 15_000n * RUPEE,
    minTicketPaise: 3_000n * RUPEE,
    maxTicketPaise: 200_000n * RUPEE,
    employment: ["SALARIED", "SELF_EMPLOYED"],
    rateBands: [
      { fromScore: 780, rateBps: 1_400 },
      { fromScore: 720, rateBps: 1_600 },
      { fromScore: 650, rateBps: 1_900 },
    ],
    tenorMonths: (ticket) => (ticket <= 20_000n * RUPEE ? 6 : ticket <= 60_000n * RUPEE ? 9 : 12),
    processingFeeBps: 150,
    minProcessingFeePaise: 199n * RUPEE,
    newToCreditRateBps: null,
  },
  /** Orbit Capital: prime salaried customers, cheapest. */
  orbit: {
    minScore: 720,
    minAge: 23,
    maxAge: 58,
    minMonthlyIncomePaise: 25_000n * RUPEE,
    minTicketPaise: 5_000n * RUPEE,
    maxTicketPaise: 300_000n * RUPEE,
    employment: ["SALARIED"],
    rateBands: [
      { fromScore: 800, rateBps: 1_200 },
      { fromScore: 750, rateBps: 1_350 },
      { fromScore: 720, rateBps: 1_500 },
    ],
    tenorMonths: (ticket) => (ticket <= 50_000n * RUPEE ? 6 : 12),
    processingFeeBps: 100,
    minProcessingFeePaise: 299n * RUPEE,
    newToCreditRateBps: null,
  },
  /** Sahyog NBFC: inclusive, new-to-credit friendly, smaller tickets, pricier. */
  sahyog: {
    minScore: 600,
    minAge: 18,
    maxAge: 65,
    minMonthlyIncomePaise: 8_000n * RUPEE,
    minTicketPaise: 1_000n * RUPEE,
    maxTicketPaise: 100_000n * RUPEE,
    employment: ["SALARIED", "SELF_EMPLOYED", "STUDENT", "RETIRED"],
    rateBands: [
      { fromScore: 750, rateBps: 1_800 },
      { fromScore: 680, rateBps: 2_100 },
      { fromScore: 600, rateBps: 2_400 },
    ],
    tenorMonths: (ticket) => (ticket <= 15_000n * RUPEE ? 3 : ticket <= 50_000n * RUPEE ? 6 : 9),
    processingFeeBps: 200,
    minProcessingFeePaise: 99n * RUPEE,
    newToCreditRateBps: 2_600,
  },
  /** Vista Credit: self-employed specialist with higher income floor. */
  vista: {
    minScore: 700,
    minAge: 25,
    maxAge: 62,
    minMonthlyIncomePaise: 30_000n * RUPEE,
    minTicketPaise: 10_000n * RUPEE,
    maxTicketPaise: 500_000n * RUPEE,
    employment: ["SALARIED", "SELF_EMPLOYED"],
    rateBands: [
      { fromScore: 790, rateBps: 1_300 },
      { fromScore: 740, rateBps: 1_550 },
      { fromScore: 700, rateBps: 1_750 },
    ],
    tenorMonths: (ticket) => (ticket <= 100_000n * RUPEE ? 12 : 18),
    processingFeeBps: 125,
    minProcessingFeePaise: 499n * RUPEE,
    newToCreditRateBps: null,
  },
  /** Nova: registered only through a connector descriptor (the "fifth lender is data" proof). */
  nova: {
    minScore: 640,
    minAge: 21,
    maxAge: 60,
    minMonthlyIncomePaise: 12_000n * RUPEE,
    minTicketPaise: 2_000n * RUPEE,
    maxTicketPaise: 150_000n * RUPEE,
    employment: ["SALARIED", "SELF_EMPLOYED", "RETIRED"],
    rateBands: [
      { fromScore: 760, rateBps: 1_450 },
      { fromScore: 640, rateBps: 1_700 },
    ],
    tenorMonths: () => 6,
    processingFeeBps: 0,
    minProcessingFeePaise: 0n,
    newToCreditRateBps: null,
  },
};

/** The credentials the sandbox lenders accept (the seed stores the same values, encrypted, as secrets). */
export const SANDBOX_CREDENTIALS = {
  kite: { apiKey: "kite_sandbox_key_7f3a" },
  orbit: { clientId: "flux-orbit-client", clientSecret: "orbit_sandbox_secret_91c2" },
  sahyog: { partnerId: "FLUX01", bootstrapSecret: "sahyog_bootstrap_secret_55d1" },
  vista: { keyId: "flux", secret: "vista_sandbox_hmac_secret_3e8b" },
  nova: { username: "flux", password: "nova_sandbox_pass_c4d0" },
  bureau: { apiKey: "bureau_sandbox_key_18aa" },
} as const;
