/**
 * Legal text of the loan agreement, kept as templates with {{placeholders}} (filled per loan, HTML-escaped)
 * so compliance can change wording without touching the renderer. Each section is a heading and
 * paragraphs; the renderer puts the groups on their own pages.
 */

export interface TemplateSection {
  heading: string;
  paragraphs: string[];
}

export const AGREEMENT_TERMS_VERSION = "flux-agreement-2026-03";

/** General terms (three printed pages). */
export const TERMS_SECTIONS: TemplateSection[][] = [
  [
    {
      heading: "1. Definitions and interpretation",
      paragraphs: [
        'In this Agreement, "Lender" means {{lender.name}}, {{lender.regulatoryStatus}}; "Borrower" means {{borrower.name}}, reachable on {{borrower.phone}}; "LSP" means {{lsp.name}}, the lending service provider that sourced this loan through its digital lending platform; "Merchant" means {{merchant}}, from whom the Borrower purchased {{purchase}}.',
        '"Key Fact Statement" or "KFS" means the statement numbered {{proposalNumber}} set out in Schedule 1, which the Borrower accepted on {{acceptedOn}}. If anything in this Agreement differs from the KFS, the KFS prevails in the Borrower\'s favour.',
        '"Business Day" means a day on which banks are open for business in Bengaluru. "Due Date" means each date on which an instalment falls due under the Repayment Schedule in Schedule 2.',
        "Headings are for convenience only. Words in the singular include the plural. References to a regulation include it as amended from time to time.",
      ],
    },
    {
      heading: "2. The loan",
      paragraphs: [
        'The Lender agrees to lend, and the Borrower agrees to borrow, {{principal}} (the "Loan") on the terms of this Agreement and the KFS, for the sole purpose of paying for {{purchase}} bought from the Merchant.',
        "The Loan is disbursed on {{disbursalDate}} by the Lender directly to the Merchant's account for this purchase (an end-use disbursal permitted by the RBI Digital Lending Directions). No amount passes through any account of the LSP.",
        "The Lender's reference for this Loan is {{lenderLoanReference}}; Flux's reference is {{reference}}.",
      ],
    },
    {
      heading: "3. Interest",
      paragraphs: [
        "Interest is charged at a fixed rate of {{rate}} a year on the principal outstanding ({{method}}), from the disbursal date. The Annual Percentage Rate, including every fee and third-party charge, is {{apr}} a year.",
        "Interest is charged only for the period the Loan is outstanding. No interest is charged on interest, fees or penal charges.",
      ],
    },
  ],
  [
    {
      heading: "4. Repayment",
      paragraphs: [
        "The Borrower shall repay the Loan in {{instalments}} instalments of {{emi}} (the last adjusted for rounding), on the Due Dates in Schedule 2, starting on {{firstDueDate}} and ending on {{maturityDate}}.",
        "Payments are made through the Flux app or any channel the Lender notifies. Each payment is applied, unless the Borrower directs otherwise where the law allows, first to charges then due, then to interest, then to principal, oldest instalment first.",
        "If a Due Date is not a Business Day, payment on the next Business Day is treated as on time.",
      ],
    },
    {
      heading: "5. Prepayment and foreclosure",
      paragraphs: [
        "The Borrower may prepay part of the Loan at any time, choosing to reduce either the instalment or the number of instalments; the revised schedule is sent to the Borrower's verified mobile number and email.",
        "The Borrower may foreclose the Loan at any time by paying the principal outstanding, interest accrued to the date of payment and any charges then due. No foreclosure charge applies unless stated in the KFS.",
      ],
    },
    {
      heading: "6. Cooling-off (look-up) period",
      paragraphs: [
        "{{coolingOff}}",
        'To exit, the Borrower uses "Exit loan" in the Flux app during the cooling-off period and pays the amount shown. The Lender closes the Loan on receipt and issues a no-dues certificate.',
      ],
    },
    {
      heading: "7. Charges",
      paragraphs: [
        "Only the fees and charges stated in the KFS may be levied during the life of the Loan. Any charge not stated there shall not be levied.",
        "Penal charges for late payment are charges, not penal interest: they are not added to the principal and no interest is computed on them. Their amount is stated in the KFS.",
      ],
    },
  ],
  [
    {
      heading: "8. Default and recovery",
      paragraphs: [
        "An instalment not paid by its Due Date is overdue. The Loan is classified by days past due (SMA-0 up to 30 days, SMA-1 31 to 60 days, SMA-2 61 to 90 days; non-performing beyond 90 days) under the RBI's norms, and the classification may be reported to credit information companies.",
        "{{recoveryAgents}}",
      ],
    },
    {
      heading: "9. Cancellation of the purchase",
      paragraphs: [
        "If the Merchant cancels the purchase or accepts its return and refunds the price to the Lender, the Loan is closed: the principal outstanding is settled from the refund and any principal, interest and fees the Borrower paid are returned to the Borrower.",
      ],
    },
    {
      heading: "10. Data, consent and communication",
      paragraphs: [
        "The Borrower's data is collected only with explicit consent, for the purposes stated at collection, and kept only as long as needed. The Borrower may revoke consent in the Flux app; this does not affect processing already done or data the law requires the Lender to keep.",
        "Notices are sent to the Borrower's verified mobile number and email. The Borrower should keep them current in the Flux app.",
      ],
    },
    {
      heading: "11. Governing law",
      paragraphs: [
        "This Agreement is governed by the laws of India. Subject to the grievance redressal mechanism below, the courts at Bengaluru have jurisdiction.",
      ],
    },
  ],
];

/** Mandatory disclosures (RBI Digital Lending Directions 2025, KFS circular 2024). */
export const DISCLOSURE_SECTIONS: TemplateSection[] = [
  {
    heading: "Mandatory disclosures",
    paragraphs: [
      "Regulated entity: the Loan is made by {{lender.name}} ({{lender.regulatoryStatus}}). {{lsp.name}} acts as its lending service provider and does not lend.",
      "Digital lending apps: the Lender's loans are sourced through the Flux app, which is disclosed on the Lender's website as a digital lending app it has engaged.",
      "Fund flow: disbursal is made directly to the Merchant for this purchase; repayments go directly to the Lender's account through the payment gateway. No pool account of the LSP is used.",
      "Multiple lenders: the Borrower was shown a digital view of the offers from every willing lender, with each lender's name, amount, tenor, APR and Key Fact Statement, before choosing this one.",
      "Credit information: the Lender reports this Loan to credit information companies as the law requires.",
      "Transfer: {{transfer}}",
      "Co-lending: {{coLending}}",
    ],
  },
];

export const GRIEVANCE_SECTION: TemplateSection = {
  heading: "Grievance redressal",
  paragraphs: [
    "{{grievance}}",
    "Flux's grievance officer: {{lsp.grievance}}.",
    "The Lender's grievance officer: {{lender.grievance}}.",
    "Complaints are acknowledged within one working day and resolved within 30 days.",
  ],
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Fills {{name}} placeholders (HTML-escaped). An unknown placeholder is an error, never blank text. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return escapeHtml(template).replace(/\{\{([a-zA-Z.]+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template placeholder {{${key}}} has no value`);
    return escapeHtml(value);
  });
}
