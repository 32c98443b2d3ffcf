/**
 * Connector descriptors of the four sandbox lenders (seeded as version 1; admins edit them as data).
 * Nothing here is code a lender needs: the same shape registers a new lender from the admin page.
 */
import type { ConnectorDescriptorInput } from "./descriptor";

const officer = (name: string, domain: string) => ({
  name,
  email: `grievance@${domain}`,
  phone: "+91 22 4000 5678",
});

const employmentLower = {
  SALARIED: "salaried",
  SELF_EMPLOYED: "self_employed",
  STUDENT: "student",
  RETIRED: "retired",
  UNEMPLOYED: "unemployed",
};

export const SANDBOX_DESCRIPTORS: ConnectorDescriptorInput[] = [
  {
    code: "kite",
    name: "Kite Finance",
    baseUrl: "{sandbox}",
    disclosure: {
      regulatoryStatus: "NBFC registered with the RBI (sandbox), CoR N-14.00001",
      grievanceOfficer: officer("Kavya Menon", "kite.example"),
    },
    auth: { scheme: "apiKey", header: "X-Kite-Key", secret: "apiKey" },
    operations: {
      apply: {
        method: "POST",
        path: "/kite/api/v2/loan-applications",
        body: {
          partner_ref: { $from: "reference" },
          amount_inr: { $from: "ticketPaise", $transform: "paiseToRupees" },
          bureau_score: { $from: "bureauScore" },
          applicant: {
            pan: { $from: "applicant.pan" },
            dob: { $from: "applicant.dateOfBirth" },
            monthly_income_inr: { $from: "applicant.monthlyIncomePaise", $transform: "paiseToRupees" },
            employment: { $from: "applicant.employmentType", $map: employmentLower },
            pin: { $from: "applicant.pincode" },
          },
        },
        outcomes: [
          { status: [200, 201], field: "status", equals: ["APPROVED"], outcome: "APPROVED" },
          { status: [200, 201], field: "status", equals: ["REJECTED"], outcome: "DECLINED" },
          { status: [401], outcome: "AUTH_EXPIRED" },
          { status: [503, 429], outcome: "RETRYABLE" },
          { status: [400], outcome: "DECLINED" },
        ],
        response: {
          lenderReference: { path: "application_id" },
          reason: { path: "reject_reason" },
          offer: {
            principalPaise: { path: "offer.sanctioned_inr", transform: "rupeesToPaise" },
            tenorMonths: { path: "offer.tenure_months", transform: "number" },
            annualRateBps: { path: "offer.roi_pct", transform: "percentToBps" },
            processingFeePaise: { path: "offer.processing_fee_inr", transform: "rupeesToPaise" },
          },
        },
      },
      status: {
        method: "GET",
        path: "/kite/api/v2/loan-applications/by-ref/{reference}",
        outcomes: [
          { status: [200], field: "status", equals: ["APPROVED"], outcome: "APPROVED" },
          { status: [200], field: "status", equals: ["REJECTED"], outcome: "DECLINED" },
          { status: [200], field: "status", equals: ["CANCELLED"], outcome: "CANCELLED" },
          { status: [404], outcome: "NOT_FOUND" },
          { status: [401], outcome: "AUTH_EXPIRED" },
          { status: [503], outcome: "RETRYABLE" },
        ],
        response: {
          lenderReference: { path: "application_id" },
          reason: { path: "reject_reason" },
          offer: {
            principalPaise: { path: "offer.sanctioned_inr", transform: "rupeesToPaise" },
            tenorMonths: { path: "offer.tenure_months", transform: "number" },
            annualRateBps: { path: "offer.roi_pct", transform: "percentToBps" },
            processingFeePaise: { path: "offer.processing_fee_inr", transform: "rupeesToPaise" },
          },
        },
      },
      cancel: {
        method: "POST",
        path: "/kite/api/v2/loan-applications/by-ref/{reference}/cancel",
        outcomes: [
          { status: [200], outcome: "CANCELLED" },
          { status: [404], outcome: "NOT_FOUND" },
        ],
      },
    },
    timeouts: { requestMs: 6_000 },
    limits: { concurrency: 30, ratePerSecond: 100 },
  },
  {
    code: "orbit",
    name: "Orbit Capital",
    baseUrl: "{sandbox}",
    disclosure: {
      regulatoryStatus: "NBFC registered with the RBI (sandbox), CoR N-13.00002",
      grievanceOfficer: officer("Omkar Iyer", "orbit.example"),
    },
    auth: {
      scheme: "oauth2ClientCredentials",
      tokenPath: "/orbit/oauth/token",
      clientIdSecret: "clientId",
      clientSecretSecret: "clientSecret",
      refreshSkewSeconds: 30,
    },
    operations: {
      apply: {
        method: "POST",
        path: "/orbit/v1/credit/decisions",
        headers: { "Idempotency-Key": { $from: "reference" } },
        body: {
          customer: {
            panNumber: { $from: "applicant.pan" },
            birthDate: { $from: "applicant.dateOfBirth" },
            incomeMonthly: { $from: "applicant.monthlyIncomePaise", $transform: "paiseString" },
            occupation: {
              $from: "applicant.employmentType",
              $map: {
                SALARIED: "EMPLOYED",
                SELF_EMPLOYED: "BUSINESS",
                STUDENT: "STUDENT",
                RETIRED: "RETIRED",
                UNEMPLOYED: "NONE",
              },
            },
            postalCode: { $from: "applicant.pincode" },
          },
          requestedAmount: { value: { $from: "ticketPaise", $transform: "paiseString" }, currency: "INR" },
          creditScore: { $from: "bureauScore" },
        },
        outcomes: [
          { status: [200], field: "decision", equals: ["APPROVE"], outcome: "APPROVED" },
          { status: [200], field: "decision", equals: ["DECLINE"], outcome: "DECLINED" },
          { status: [401], outcome: "AUTH_EXPIRED" },
          { status: [429], outcome: "RETRYABLE" },
          { status: [422], outcome: "DECLINED" },
        ],
        response: {
          lenderReference: { path: "decisionId" },
          reason: { path: "declineReason" },
          offer: {
            principalPaise: { path: "terms.principal.value", transform: "paise" },
            tenorMonths: { path: "terms.months", transform: "number" },
            annualRateBps: { path: "terms.annualRateBps", transform: "number" },
            processingFeePaise: { path: "terms.feePaise", transform: "paise" },
          },
        },
      },
      status: {
        method: "GET",
        path: "/orbit/v1/credit/decisions/by-external/{reference}",
        outcomes: [
          { status: [200], field: "decision", equals: ["APPROVE"], outcome: "APPROVED" },
          { status: [200], field: "decision", equals: ["DECLINE"], outcome: "DECLINED" },
          { status: [200], field: "decision", equals: ["WITHDRAWN"], outcome: "CANCELLED" },
          { status: [404], outcome: "NOT_FOUND" },
          { status: [401], outcome: "AUTH_EXPIRED" },
        ],
        response: {
          lenderReference: { path: "decisionId" },
          reason: { path: "declineReason" },
          offer: {
            principalPaise: { path: "terms.principal.value", transform: "paise" },
            tenorMonths: { path: "terms.months", transform: "number" },
            annualRateBps: { path: "terms.annualRateBps", transform: "number" },
            processingFeePaise: { path: "terms.feePaise", transform: "paise" },
          },
        },
      },
      cancel: {
        method: "POST",
        path: "/orbit/v1/credit/decisions/by-external/{reference}/withdraw",
        outcomes: [
          { status: [200], outcome: "CANCELLED" },
          { status: [404], outcome: "NOT_FOUND" },
          { status: [401], outcome: "AUTH_EXPIRED" },
        ],
      },
    },
    timeouts: { requestMs: 6_000 },
  },
  {
    code: "sahyog",
    name: "Sahyog NBFC",
    baseUrl: "{sandbox}",
    disclosure: {
      regulatoryStatus: "NBFC-ICC registered with the RBI (sandbox), CoR B-05.00003",
      grievanceOfficer: officer("Sunita Patil", "sahyog.example"),
    },
    auth: {
      scheme: "handshake",
      steps: [
        {
          kind: "http",
          name: "nonce",
          method: "POST",
          path: "/sahyog/auth/nonce",
          body: { partner_id: { $from: "secret.partnerId" } },
          extract: { nonce: "nonce" },
        },
        {
          kind: "hmac",
          name: "sign",
          secret: "signingSecret",
          message: "{secret.partnerId}:{var.nonce}",
          into: "signature",
        },
        {
          kind: "http",
          name: "exchange",
          method: "POST",
          path: "/sahyog/auth/verify",
          body: {
            partner_id: { $from: "secret.partnerId" },
            nonce: { $from: "var.nonce" },
            signature: { $from: "var.signature" },
            key_generation: { $from: "secret.keyGeneration" },
          },
          extract: { grant: "grant_code" },
        },
        {
          kind: "http",
          name: "session",
          method: "POST",
          path: "/sahyog/auth/session",
          body: { grant_code: { $from: "var.grant" } },
          extract: {
            token: "session_token",
            ttl: "valid_for_seconds",
            nextSecret: "rotated_secret",
            nextGeneration: "key_generation",
          },
          rotates: { signingSecret: "nextSecret", keyGeneration: "nextGeneration" },
        },
      ],
      tokenVar: "token",
      ttlVar: "ttl",
      header: "X-Sahyog-Session",
      refreshSkewSeconds: 60,
    },
    operations: {
      apply: {
        method: "POST",
        path: "/sahyog/loans/evaluate",
        body: {
          txn_ref: { $from: "reference" },
          kyc: {
            pan_no: { $from: "applicant.pan" },
            date_of_birth: { $from: "applicant.dateOfBirth", $transform: "isoToDmy" },
            pincode: { $from: "applicant.pincode" },
          },
          income: {
            monthly: { $from: "applicant.monthlyIncomePaise", $transform: "paiseToRupees" },
            type: {
              $from: "applicant.employmentType",
              $map: {
                SALARIED: "SAL",
                SELF_EMPLOYED: "SEP",
                STUDENT: "STU",
                RETIRED: "RET",
                UNEMPLOYED: "UNE",
              },
            },
          },
          loan_amount: { $from: "ticketPaise", $transform: "paiseToRupees" },
          cibil: { $from: "bureauScore" },
        },
        outcomes: [
          { status: [200], field: "result.code", equals: ["S"], outcome: "APPROVED" },
          { status: [200], field: "result.code", equals: ["D"], outcome: "DECLINED" },
          { status: [403], field: "result.code", equals: ["E401"], outcome: "AUTH_EXPIRED" },
          { status: [502, 503], outcome: "RETRYABLE" },
          { status: [400], outcome: "DECLINED" },
        ],
        response: {
          lenderReference: { path: "result.sahyog_ref" },
          reason: { path: "result.reason" },
          offer: {
            principalPaise: { path: "result.offer.amount", transform: "rupeesToPaise" },
            tenorMonths: { path: "result.offer.emi_count", transform: "number" },
            annualRateBps: { path: "result.offer.interest_rate", transform: "percentToBps" },
            processingFeePaise: { path: "result.offer.pf_amount", transform: "rupeesToPaise" },
          },
        },
      },
      status: {
        method: "POST",
        path: "/sahyog/loans/enquiry",
        body: { txn_ref: { $from: "reference" } },
        outcomes: [
          { status: [200], field: "result.code", equals: ["S"], outcome: "APPROVED" },
          { status: [200], field: "result.code", equals: ["D"], outcome: "DECLINED" },
          { status: [200], field: "result.code", equals: ["X"], outcome: "CANCELLED" },
          { status: [200], field: "result.code", equals: ["N"], outcome: "NOT_FOUND" },
          { status: [403], outcome: "AUTH_EXPIRED" },
        ],
        response: {
          lenderReference: { path: "result.sahyog_ref" },
          reason: { path: "result.reason" },
          offer: {
            principalPaise: { path: "result.offer.amount", transform: "rupeesToPaise" },
            tenorMonths: { path: "result.offer.emi_count", transform: "number" },
            annualRateBps: { path: "result.offer.interest_rate", transform: "percentToBps" },
            processingFeePaise: { path: "result.offer.pf_amount", transform: "rupeesToPaise" },
          },
        },
      },
      cancel: {
        method: "POST",
        path: "/sahyog/loans/cancel",
        body: { txn_ref: { $from: "reference" } },
        outcomes: [
          { status: [200], field: "result.code", equals: ["X", "D"], outcome: "CANCELLED" },
          { status: [200], field: "result.code", equals: ["N"], outcome: "NOT_FOUND" },
          { status: [403], outcome: "AUTH_EXPIRED" },
        ],
      },
    },
    timeouts: { requestMs: 8_000 },
  },
  {
    code: "vista",
    name: "Vista Credit",
    baseUrl: "{sandbox}",
    disclosure: {
      regulatoryStatus: "NBFC registered with the RBI (sandbox), CoR N-07.00004",
      grievanceOfficer: officer("Vikram Shah", "vista.example"),
    },
    auth: {
      scheme: "hmacRequest",
      keyIdHeader: "X-Vista-Key-Id",
      keyIdSecret: "keyId",
      secret: "signingKey",
      timestampHeader: "X-Vista-Timestamp",
      signatureHeader: "X-Vista-Signature",
    },
    operations: {
      apply: {
        method: "PUT",
        path: "/vista/v3/applications/{reference}",
        body: {
          applicant: {
            tax_id: { $from: "applicant.pan" },
            birth_date: { $from: "applicant.dateOfBirth" },
            income: {
              amount_paise: { $from: "applicant.monthlyIncomePaise", $transform: "paiseString" },
              period: "monthly",
            },
            employment_status: {
              $from: "applicant.employmentType",
              $map: { ...employmentLower, SALARIED: "employed" },
            },
            postcode: { $from: "applicant.pincode" },
          },
          amount_paise: { $from: "ticketPaise", $transform: "paiseString" },
          score: { $from: "bureauScore" },
        },
        outcomes: [
          { status: [200], field: "state", equals: ["sanctioned"], outcome: "APPROVED" },
          { status: [200], field: "state", equals: ["rejected"], outcome: "DECLINED" },
          { status: [401], outcome: "AUTH_EXPIRED" },
          { status: [422], outcome: "DECLINED" },
        ],
        response: {
          lenderReference: { path: "id" },
          reason: { path: "rejection.text" },
          offer: {
            principalPaise: { path: "sanction.amount_paise", transform: "paise" },
            tenorMonths: { path: "sanction.tenor.count", transform: "number" },
            annualRateBps: { path: "sanction.nominal_rate_bps", transform: "number" },
            processingFeePaise: { path: "sanction.fee_paise", transform: "paise" },
          },
        },
      },
      status: {
        method: "GET",
        path: "/vista/v3/applications/{reference}",
        outcomes: [
          { status: [200], field: "state", equals: ["sanctioned"], outcome: "APPROVED" },
          { status: [200], field: "state", equals: ["rejected"], outcome: "DECLINED" },
          { status: [200], field: "state", equals: ["cancelled"], outcome: "CANCELLED" },
          { status: [404], outcome: "NOT_FOUND" },
          { status: [401], outcome: "AUTH_EXPIRED" },
        ],
        response: {
          lenderReference: { path: "id" },
          reason: { path: "rejection.text" },
          offer: {
            principalPaise: { path: "sanction.amount_paise", transform: "paise" },
            tenorMonths: { path: "sanction.tenor.count", transform: "number" },
            annualRateBps: { path: "sanction.nominal_rate_bps", transform: "number" },
            processingFeePaise: { path: "sanction.fee_paise", transform: "paise" },
          },
        },
      },
      cancel: {
        method: "DELETE",
        path: "/vista/v3/applications/{reference}",
        outcomes: [
          { status: [200], outcome: "CANCELLED" },
          { status: [404], outcome: "NOT_FOUND" },
        ],
      },
    },
    timeouts: { requestMs: 8_000 },
  },
];

/** Sandbox credentials per lender, as the seed stores them (encrypted). */
export const SANDBOX_SECRETS: Record<string, Record<string, string>> = {
  kite: { apiKey: "kite_sandbox_key_7f3a" },
  orbit: { clientId: "flux-orbit-client", clientSecret: "orbit_sandbox_secret_91c2" },
  sahyog: { partnerId: "FLUX01", signingSecret: "sahyog_bootstrap_secret_55d1", keyGeneration: "0" },
  vista: { keyId: "flux", signingKey: "vista_sandbox_hmac_secret_3e8b" },
};

export const SANDBOX_BUREAU_KEY = "bureau_sandbox_key_18aa";
