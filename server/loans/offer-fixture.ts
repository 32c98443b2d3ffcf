/**
 * A complete, valid AcceptedOffer for demos, seed data, tests and benchmarks (the checkout produces the
 * real ones). The KFS snapshot is built exactly as the checkout must build it, so booking accepts it.
 */
import { randomUUID } from "node:crypto";
import type { AcceptedOffer, LoanTermsInput } from "./contracts";
import { AcceptedOfferSchema } from "./contracts";
import { buildKeyFactStatement, KFS_TEMPLATE_VERSION, kfsToJson } from "./domain/kfs";

export const DEMO_LENDER = {
  code: "sandbox-finance",
  name: "Sandbox Finance Ltd",
  regulatoryStatus: "NBFC registered with the RBI (sandbox)",
  grievanceOfficer: {
    name: "R. Iyer",
    designation: "Nodal Grievance Redressal Officer",
    email: "grievance@sandbox-finance.example",
    phone: "+91 22 4000 0000",
  },
};

export function demoTerms(overrides: Partial<LoanTermsInput> = {}): LoanTermsInput {
  return {
    principalPaise: 4_500_000n,
    tenor: 6,
    frequency: { unit: "MONTH", every: 1 },
    annualRateBps: 1_499,
    interestMethod: "REDUCING_BALANCE",
    disbursalDate: "2026-03-06",
    charges: [
      {
        code: "processing",
        name: "Processing fee",
        kind: "FEE",
        amountPaise: 59_000n,
        taxPaise: 9_000n,
        receiver: { type: "LENDER", name: DEMO_LENDER.name },
        collection: "UPFRONT",
      },
    ],
    contingentCharges: [
      {
        code: "late-payment",
        name: "Penal charge for late payment",
        trigger: "LATE_PAYMENT",
        basis: "FLAT",
        amountPaise: 50_000n,
        description: "Charged once for each instalment unpaid 3 days after its due date.",
        receiver: { type: "LENDER", name: DEMO_LENDER.name },
      },
      {
        code: "bounce",
        name: "Payment bounce charge",
        trigger: "PAYMENT_BOUNCE",
        basis: "BPS_OF_OVERDUE",
        bps: 200,
        capPaise: 75_000n,
        description: "When an auto-debit is returned unpaid.",
        receiver: { type: "LENDER", name: DEMO_LENDER.name },
      },
    ],
    ...overrides,
  };
}

export function demoAcceptedOffer(input: {
  borrower: { userId: string; name: string; phone: string; email?: string | null };
  merchant: { organisationId: string; storeId: string; name?: string; storeName?: string };
  terms?: LoanTermsInput;
  applicationId?: string;
  proposalNumber?: string;
  issuedAt?: Date;
  coolingOffDays?: number;
  purchaseDescription?: string;
}): AcceptedOffer {
  const terms = input.terms ?? demoTerms();
  const applicationId = input.applicationId ?? randomUUID();
  const proposalNumber =
    input.proposalNumber ?? `FLX-P-${applicationId.replace(/-/g, "").slice(-14).toUpperCase()}`;
  const issuedAt = input.issuedAt ?? new Date(`${terms.disbursalDate}T05:30:00Z`);
  const coolingOffDays = input.coolingOffDays ?? 3;
  const kfs = buildKeyFactStatement({
    proposalNumber,
    issuedAt,
    lender: DEMO_LENDER,
    borrower: { name: input.borrower.name, phone: input.borrower.phone },
    merchant: {
      name: input.merchant.name ?? "Metro Electronics",
      storeName: input.merchant.storeName ?? "Metro Electronics, Koramangala",
    },
    terms,
    coolingOffDays,
  });
  return AcceptedOfferSchema.parse({
    applicationId,
    offerId: `offer-${applicationId.slice(0, 8)}`,
    lender: { ...DEMO_LENDER, loanReference: `SF-${applicationId.slice(0, 8).toUpperCase()}` },
    proposalNumber,
    borrower: { email: null, ...input.borrower },
    merchant: {
      organisationId: input.merchant.organisationId,
      storeId: input.merchant.storeId,
      purchaseDescription: input.purchaseDescription ?? "Smartphone (128 GB)",
    },
    terms,
    kfs: { version: KFS_TEMPLATE_VERSION, snapshot: kfsToJson(kfs), issuedAt, validUntil: kfs.validUntil },
    coolingOffDays,
    acceptedAt: issuedAt,
  });
}
