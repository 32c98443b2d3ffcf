/**
 * The loan agreement and the no-dues certificate as self-contained HTML (print CSS, no scripts, no network)
 * for the PDF worker. The agreement runs to 11+ A4 pages: cover and parties, the KFS (parts 1 and 2),
 * the APR computation, the repayment schedule, the general terms, the mandatory disclosures, grievance
 * redressal and the acceptance record.
 */
import { formatIsoDate } from "../domain/dates";
import type { KeyFactStatement } from "../domain/kfs";
import { formatPercentFromBps, formatRupees } from "../domain/money";
import {
  AGREEMENT_TERMS_VERSION,
  DISCLOSURE_SECTIONS,
  escapeHtml as e,
  fillTemplate,
  GRIEVANCE_SECTION,
  TERMS_SECTIONS,
  type TemplateSection,
} from "./templates";

export interface AgreementLoan {
  reference: string;
  lenderLoanReference: string;
  purchaseDescription: string;
  borrowerEmail: string | null;
  acceptedAt: Date;
  createdAt: Date;
}

const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #1c2330; line-height: 1.45; margin: 0; }
.page { page-break-after: always; break-after: page; min-height: 240mm; position: relative; }
.page:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 20pt; margin: 0 0 6mm; color: #14213d; }
h2 { font-size: 14pt; margin: 0 0 4mm; color: #14213d; border-bottom: 1.5pt solid #14213d; padding-bottom: 1.5mm; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; color: #14213d; }
p { margin: 0 0 2.5mm; text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9.5pt; }
th, td { border: 0.6pt solid #9aa4b5; padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
th { background: #e8ecf3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #5b6578; font-size: 9pt; }
.badge { display: inline-block; border: 0.8pt solid #14213d; padding: 0.6mm 2mm; border-radius: 1.5mm; font-size: 9pt; }
.footer { position: absolute; bottom: 0; left: 0; right: 0; font-size: 8pt; color: #5b6578; border-top: 0.5pt solid #c5ccd8; padding-top: 1.5mm; }
.sig { margin-top: 10mm; display: flex; gap: 12mm; }
.sig div { flex: 1; border-top: 0.8pt solid #1c2330; padding-top: 2mm; font-size: 9pt; }
`;

function page(title: string, body: string, footer: string): string {
  return `<section class="page"><h2>${e(title)}</h2>${body}<div class="footer">${footer}</div></section>`;
}

function rows(pairs: [string, string][]): string {
  return `<table>${pairs.map(([key, value]) => `<tr><th style="width:42%">${e(key)}</th><td>${e(value)}</td></tr>`).join("")}</table>`;
}

function sections(list: TemplateSection[], values: Record<string, string>): string {
  return list
    .map(
      (section) =>
        `<h3>${e(section.heading)}</h3>${section.paragraphs.map((text) => `<p>${fillTemplate(text, values)}</p>`).join("")}`,
    )
    .join("");
}

const rupees = (paise: bigint) => formatRupees(paise);

function officer(o: KeyFactStatement["lsp"]["grievanceOfficer"]): string {
  return `${o.name}, ${o.designation}, ${o.email}, ${o.phone}${o.address ? `, ${o.address}` : ""}`;
}

export function agreementHtml(kfs: KeyFactStatement, loan: AgreementLoan): string {
  const merchant = kfs.merchant ? `${kfs.merchant.name} (${kfs.merchant.storeName})` : "the merchant";
  const values: Record<string, string> = {
    "lender.name": kfs.lender.name,
    "lender.regulatoryStatus": kfs.lender.regulatoryStatus,
    "lender.grievance": officer(kfs.lender.grievanceOfficer),
    "borrower.name": kfs.borrower.name,
    "borrower.phone": kfs.borrower.phone,
    "lsp.name": kfs.lsp.name,
    "lsp.grievance": officer(kfs.lsp.grievanceOfficer),
    merchant,
    purchase: loan.purchaseDescription,
    proposalNumber: kfs.proposalNumber,
    acceptedOn: formatIsoDate(loan.acceptedAt.toISOString().slice(0, 10)),
    principal: rupees(kfs.sanctionedAmountPaise),
    disbursalDate: formatIsoDate(kfs.disbursal.date),
    lenderLoanReference: loan.lenderLoanReference,
    reference: loan.reference,
    rate: `${formatPercentFromBps(kfs.interest.annualRateBps)} %`,
    method: kfs.interest.methodLabel.toLowerCase(),
    apr: `${kfs.apr.percent} %`,
    instalments: String(kfs.instalment.count),
    emi: rupees(kfs.instalment.amountPaise),
    firstDueDate: formatIsoDate(kfs.term.firstDueDate),
    maturityDate: formatIsoDate(kfs.term.maturityDate),
    coolingOff: kfs.coolingOff.text,
    recoveryAgents: kfs.recoveryAgents,
    transfer: kfs.transferOrSecuritisation,
    coLending: kfs.coLending,
    grievance: kfs.grievanceRedressal,
  };
  const footer = `Loan agreement ${e(loan.reference)} · KFS ${e(kfs.proposalNumber)} · ${e(kfs.lender.name)} · terms ${AGREEMENT_TERMS_VERSION}`;

  const cover = `<section class="page">
    <h1>Loan Agreement</h1>
    <p><span class="badge">Reference ${e(loan.reference)}</span> <span class="badge">Lender ref. ${e(loan.lenderLoanReference)}</span></p>
    <p class="muted">Made on ${e(formatIsoDate(loan.createdAt.toISOString().slice(0, 10)))} through the Flux digital lending platform.</p>
    <h3>Parties</h3>
    ${rows([
      ["Lender", `${kfs.lender.name}, ${kfs.lender.regulatoryStatus}`],
      [
        "Borrower",
        `${kfs.borrower.name}, ${kfs.borrower.phone}${loan.borrowerEmail ? `, ${loan.borrowerEmail}` : ""}`,
      ],
      ["Lending service provider", `${kfs.lsp.name}: ${kfs.lsp.role} (${kfs.lsp.website})`],
      ["Merchant (disbursal recipient)", merchant],
      ["Purchase financed", loan.purchaseDescription],
    ])}
    <h3>The loan at a glance</h3>
    ${rows([
      ["Loan amount", rupees(kfs.sanctionedAmountPaise)],
      [
        "Instalments",
        `${kfs.instalment.count} × ${rupees(kfs.instalment.amountPaise)} (${kfs.term.frequencyLabel})`,
      ],
      ["Interest rate", `${formatPercentFromBps(kfs.interest.annualRateBps)} % a year, fixed`],
      ["Annual Percentage Rate (APR)", `${kfs.apr.percent} %`],
      ["Total amount payable", rupees(kfs.totals.totalPayablePaise)],
      ["Cooling-off period", `${kfs.coolingOff.days} day(s) from disbursal`],
    ])}
    <p class="muted">Contents: 1 Key Fact Statement, part 1 · 2 Charges · 3 KFS part 2 · 4 APR computation · 5 Repayment schedule · 6–8 General terms · 9 Mandatory disclosures · 10 Grievance redressal and acceptance.</p>
    <div class="footer">${footer}</div></section>`;

  const kfs1 = page(
    "Schedule 1 · Key Fact Statement, part 1: the loan",
    `<p class="muted">Proposal ${e(kfs.proposalNumber)} · issued ${e(kfs.issuedAt.slice(0, 10))} · valid until ${e(formatIsoDate(kfs.validUntil))} (${kfs.validityWorkingDays} working day(s)) · template ${e(kfs.templateVersion)}</p>
    ${rows([
      ["Type of loan", kfs.loanType],
      ["Sanctioned loan amount", rupees(kfs.sanctionedAmountPaise)],
      ["Down payment", rupees(kfs.downPaymentPaise)],
      [
        "Disbursal",
        `${formatIsoDate(kfs.disbursal.date)}: ${rupees(kfs.disbursal.amountPaise)} to ${kfs.disbursal.recipient}`,
      ],
      ["Disbursal schedule", kfs.disbursal.description],
      ["Loan term", kfs.term.tenorLabel],
      [
        "Instalments",
        `${kfs.instalment.count} ${kfs.instalment.typeLabel} of ${rupees(kfs.instalment.amountPaise)}`,
      ],
      [
        "First instalment",
        `${formatIsoDate(kfs.term.firstDueDate)} (${kfs.term.daysToFirstInstalment} days after disbursal)`,
      ],
      ["Last instalment", formatIsoDate(kfs.term.maturityDate)],
      [
        "Interest rate and type",
        `${formatPercentFromBps(kfs.interest.annualRateBps)} % a year, ${kfs.interest.rateType}`,
      ],
      ["Interest method", kfs.interest.methodLabel],
      ["Day count", kfs.interest.dayCountLabel],
      ["Broken-period interest", rupees(kfs.interest.brokenPeriodInterestPaise)],
      ["Total interest", rupees(kfs.totals.interestPaise)],
      ["Net disbursed amount", rupees(kfs.totals.netDisbursedPaise)],
      ["Total amount to be paid", rupees(kfs.totals.totalPayablePaise)],
      ["Annual Percentage Rate (APR)", `${kfs.apr.percent} %`],
    ])}`,
    footer,
  );

  const chargeRows = kfs.charges.length
    ? kfs.charges
        .map(
          (c) =>
            `<tr><td>${e(c.name)}</td><td>${e(c.payableTo)}</td><td>${e(c.collectionLabel)}</td><td class="num">${e(rupees(c.amountPaise))}</td><td class="num">${e(rupees(c.taxPaise))}</td></tr>`,
        )
        .join("")
    : `<tr><td colspan="5">No fees or charges.</td></tr>`;
  const contingentRows = kfs.contingentCharges.length
    ? kfs.contingentCharges
        .map((c) => `<tr><td>${e(c.name)}</td><td>${e(c.amountLabel)}</td><td>${e(c.description)}</td></tr>`)
        .join("")
    : `<tr><td colspan="3">None.</td></tr>`;
  const charges = page(
    "Schedule 1 · Key Fact Statement, part 1: fees and charges",
    `<h3>Fees and third-party charges payable</h3>
    <table><tr><th>Charge</th><th>Payable to</th><th>When</th><th class="num">Amount</th><th class="num">of which tax</th></tr>${chargeRows}</table>
    ${rows([
      ["Fees (lender and Flux)", rupees(kfs.totals.feesPaise)],
      ["Third-party charges", rupees(kfs.totals.thirdPartyChargesPaise)],
      ["All charges", rupees(kfs.totals.chargesPaise)],
    ])}
    <h3>Contingent charges (only if the event happens)</h3>
    <table><tr><th>Charge</th><th>Amount</th><th>When it applies</th></tr>${contingentRows}</table>
    <p>${e(kfs.disclosures[0] ?? "")}</p><p>${e(kfs.disclosures[1] ?? "")}</p>`,
    footer,
  );

  const kfs2 = page(
    "Schedule 1 · Key Fact Statement, part 2: other information",
    `${rows([
      ["Cooling-off / look-up period", kfs.coolingOff.text],
      ["Recovery agents", kfs.recoveryAgents],
      ["Grievance redressal", kfs.grievanceRedressal],
      ["Flux's grievance officer", officer(kfs.lsp.grievanceOfficer)],
      ["Lender's grievance officer", officer(kfs.lender.grievanceOfficer)],
      ["Transfer or securitisation", kfs.transferOrSecuritisation],
      ["Co-lending", kfs.coLending],
      ["Lending service provider", `${kfs.lsp.name} (${kfs.lsp.website})`],
    ])}
    ${kfs.disclosures
      .slice(2)
      .map((text) => `<p>${e(text)}</p>`)
      .join("")}`,
    footer,
  );

  const aprPage = page(
    "Schedule 1 · Annex B: how the APR is computed",
    `${rows([
      ["Loan amount", rupees(kfs.sanctionedAmountPaise)],
      ["Less upfront charges", rupees(kfs.sanctionedAmountPaise - kfs.totals.netDisbursedPaise)],
      ["Net amount received", rupees(kfs.totals.netDisbursedPaise)],
      ["Total interest", rupees(kfs.totals.interestPaise)],
      ["All fees and charges", rupees(kfs.totals.chargesPaise)],
      ["Total amount payable", rupees(kfs.totals.totalPayablePaise)],
      ["Number of instalments", String(kfs.instalment.count)],
      ["APR", `${kfs.apr.percent} %`],
    ])}
    <p>${e(kfs.apr.method)}</p>
    <p class="muted">The APR is the rate r that makes the net amount received equal to the present value of every payment the borrower makes (instalments, fees and third-party charges), per period, multiplied by the number of periods in a year.</p>`,
    footer,
  );

  const scheduleRows = kfs.schedule
    .map(
      (row) =>
        `<tr><td class="num">${row.number}</td><td>${e(formatIsoDate(row.dueDate))}</td><td class="num">${e(rupees(row.principalPaise))}</td><td class="num">${e(rupees(row.interestPaise))}</td><td class="num">${e(rupees(row.feesPaise))}</td><td class="num">${e(rupees(row.totalPaise))}</td><td class="num">${e(rupees(row.balancePaise))}</td></tr>`,
    )
    .join("");
  const schedule = page(
    "Schedule 2 · Repayment schedule (KFS Annex C)",
    `<table><tr><th class="num">#</th><th>Due date</th><th class="num">Principal</th><th class="num">Interest</th><th class="num">Fees</th><th class="num">Instalment</th><th class="num">Balance after</th></tr>${scheduleRows}
    <tr><th></th><th>Total</th><th class="num">${e(rupees(kfs.sanctionedAmountPaise))}</th><th class="num">${e(rupees(kfs.totals.interestPaise))}</th><th></th><th class="num">${e(rupees(kfs.schedule.reduce((sum, row) => sum + row.totalPaise, 0n)))}</th><th></th></tr></table>`,
    footer,
  );

  const terms = TERMS_SECTIONS.map((group, index) =>
    page(`General terms (${index + 1} of ${TERMS_SECTIONS.length})`, sections(group, values), footer),
  ).join("");
  const disclosures = page("Mandatory disclosures", sections(DISCLOSURE_SECTIONS, values), footer);
  const acceptance = page(
    "Grievance redressal and acceptance",
    `${sections([GRIEVANCE_SECTION], values)}
    <h3>Acceptance record</h3>
    ${rows([
      ["Accepted by", `${kfs.borrower.name} (${kfs.borrower.phone}), by one-time code in the Flux app`],
      ["Accepted at", loan.acceptedAt.toISOString()],
      ["KFS accepted", `${kfs.proposalNumber} (template ${kfs.templateVersion})`],
      ["Agreement terms version", AGREEMENT_TERMS_VERSION],
    ])}
    <div class="sig"><div>For ${e(kfs.lender.name)}<br/>digitally signed through Flux</div><div>${e(kfs.borrower.name)}<br/>accepted electronically</div></div>
    <p class="muted" style="margin-top:6mm">This document is digitally signed. Any change after signing invalidates the signature.</p>`,
    footer,
  );

  return `<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>Loan agreement ${e(loan.reference)}</title><style>${STYLE}</style></head><body>${cover}${kfs1}${charges}${kfs2}${aprPage}${schedule}${terms}${disclosures}${acceptance}</body></html>`;
}

export function noDuesHtml(input: {
  reference: string;
  lenderName: string;
  lenderLoanReference: string;
  borrowerName: string;
  borrowerPhone: string;
  principalPaise: bigint;
  disbursalDate: string;
  closedOn: string;
  closureReason: string;
  totalPaidPaise: bigint;
  refundDuePaise: bigint;
  issuedAt: Date;
}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>No-dues certificate ${e(input.reference)}</title><style>${STYLE}</style></head><body>
  <section class="page"><h1>No-dues certificate</h1>
  <p>This is to certify that the loan below has been closed and that <strong>nothing is due</strong> from the borrower to the lender under it.</p>
  ${rows([
    ["Borrower", `${input.borrowerName} (${input.borrowerPhone})`],
    ["Lender", input.lenderName],
    ["Loan reference", `${input.reference} (lender ref. ${input.lenderLoanReference})`],
    ["Loan amount", rupees(input.principalPaise)],
    ["Disbursed on", formatIsoDate(input.disbursalDate)],
    ["Closed on", formatIsoDate(input.closedOn)],
    ["How it closed", input.closureReason],
    ["Total received", rupees(input.totalPaidPaise)],
    ["Refund due to the borrower", rupees(input.refundDuePaise)],
  ])}
  <p>The lender will update the loan's status with the credit information companies within 30 days.</p>
  <p class="muted">Issued ${e(input.issuedAt.toISOString())} through the Flux platform for ${e(input.lenderName)}. Digitally signed.</p>
  <div class="footer">No-dues certificate · ${e(input.reference)}</div></section></body></html>`;
}
