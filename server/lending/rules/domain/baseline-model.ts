/**
 * Version 1 of the lender-selection model, seeded on every stack: the four sandbox lenders' published
 * credit policies as knockout rows, and the ordering the business agreed (prime lender first, the
 * new-to-credit specialist first for thin files, the large-ticket lender first above ₹1 lakh).
 * Built from a readable policy table so the JDM rows stay consistent.
 */
import type { DecisionModel, JdmTableContent } from "./jdm";

interface LenderPolicy {
  code: string;
  minAge: number;
  maxAge: number;
  refusedBands: string[];
  minMonthlyIncome: number;
  refusedEmployment: string[];
  minTicket: number;
  maxTicket: number;
  maxPincodeRisk: number;
  refusedCategories: string[];
}

export const BASELINE_POLICIES: LenderPolicy[] = [
  {
    code: "kite",
    minAge: 21,
    maxAge: 60,
    refusedBands: ["NO_HIT", "POOR", "FAIR"],
    minMonthlyIncome: 25000,
    refusedEmployment: ["STUDENT", "RETIRED", "UNEMPLOYED"],
    minTicket: 5000,
    maxTicket: 200000,
    maxPincodeRisk: 60,
    refusedCategories: ["JEWELLERY"],
  },
  {
    code: "orbit",
    minAge: 21,
    maxAge: 60,
    refusedBands: ["NO_HIT", "POOR"],
    minMonthlyIncome: 20000,
    refusedEmployment: ["STUDENT", "UNEMPLOYED"],
    minTicket: 3000,
    maxTicket: 150000,
    maxPincodeRisk: 70,
    refusedCategories: ["JEWELLERY", "TRAVEL"],
  },
  {
    code: "sahyog",
    minAge: 21,
    maxAge: 60,
    refusedBands: ["POOR"],
    minMonthlyIncome: 15000,
    refusedEmployment: ["UNEMPLOYED"],
    minTicket: 2000,
    maxTicket: 75000,
    maxPincodeRisk: 80,
    refusedCategories: ["JEWELLERY"],
  },
  {
    code: "vista",
    minAge: 21,
    maxAge: 60,
    refusedBands: ["NO_HIT", "POOR"],
    minMonthlyIncome: 30000,
    refusedEmployment: ["SELF_EMPLOYED", "STUDENT", "RETIRED", "UNEMPLOYED"],
    minTicket: 10000,
    maxTicket: 300000,
    maxPincodeRisk: 50,
    refusedCategories: ["EDUCATION", "TRAVEL"],
  },
];

const quoted = (value: string) => JSON.stringify(value);
const list = (values: string[]) => values.map(quoted).join(", ");
const inr = (value: number) => value.toLocaleString("en-IN");

const KNOCKOUT_INPUTS = [
  { id: "ko-age", name: "Age (years)", field: "ageYears" },
  { id: "ko-band", name: "Bureau band", field: "bureauBand" },
  { id: "ko-income", name: "Monthly income (₹)", field: "monthlyIncomeRupees" },
  { id: "ko-employment", name: "Employment", field: "employmentType" },
  { id: "ko-ticket", name: "Ticket (₹)", field: "ticketRupees" },
  { id: "ko-risk", name: "Pincode risk", field: "pincodeRiskWeight" },
  { id: "ko-category", name: "Merchant category", field: "merchantCategory" },
];

function knockoutRows(policy: LenderPolicy): Record<string, string>[] {
  const blank = Object.fromEntries(KNOCKOUT_INPUTS.map((input) => [input.id, ""]));
  const row = (column: string, cell: string, reason: string) => ({
    _id: `${policy.code}-${column}`,
    ...blank,
    [`ko-${column}`]: cell,
    "ko-lender": quoted(policy.code),
    "ko-reason": quoted(reason),
  });
  const rows = [
    row("age", `< ${policy.minAge}, > ${policy.maxAge}`, `Age outside ${policy.minAge}-${policy.maxAge}`),
    row("band", list(policy.refusedBands), `Bureau band ${policy.refusedBands.join("/")} not accepted`),
    row("income", `< ${policy.minMonthlyIncome}`, `Monthly income below ₹${inr(policy.minMonthlyIncome)}`),
    row(
      "employment",
      list(policy.refusedEmployment),
      `Employment ${policy.refusedEmployment.join("/")} not accepted`,
    ),
    row(
      "ticket",
      `< ${policy.minTicket}, > ${policy.maxTicket}`,
      `Ticket outside ₹${inr(policy.minTicket)}-₹${inr(policy.maxTicket)}`,
    ),
    row("risk", `> ${policy.maxPincodeRisk}`, `Pincode risk above ${policy.maxPincodeRisk}`),
    row(
      "category",
      list(policy.refusedCategories),
      `Category ${policy.refusedCategories.join("/")} excluded`,
    ),
  ];
  return rows;
}

export function baselineDecisionModel(): DecisionModel {
  const knockouts: JdmTableContent = {
    hitPolicy: "collect",
    outputPath: "knockouts",
    passThrough: false,
    inputField: null,
    executionMode: "single",
    inputs: KNOCKOUT_INPUTS,
    outputs: [
      { id: "ko-lender", name: "Lender", field: "lenderCode" },
      { id: "ko-reason", name: "Reason", field: "reason" },
    ],
    rules: BASELINE_POLICIES.flatMap(knockoutRows),
  };
  const orderingRow = (id: string, band: string, ticket: string, lender: string, priority: number) => ({
    _id: id,
    "or-band": band,
    "or-ticket": ticket,
    "or-lender": quoted(lender),
    "or-priority": String(priority),
  });
  const ordering: JdmTableContent = {
    hitPolicy: "collect",
    outputPath: "ordering",
    passThrough: false,
    inputField: null,
    executionMode: "single",
    inputs: [
      { id: "or-band", name: "Bureau band", field: "bureauBand" },
      { id: "or-ticket", name: "Ticket (₹)", field: "ticketRupees" },
    ],
    outputs: [
      { id: "or-lender", name: "Lender", field: "lenderCode" },
      { id: "or-priority", name: "Priority (lower first)", field: "priority" },
    ],
    rules: [
      orderingRow("sahyog-thin-file", quoted("NO_HIT"), "", "sahyog", 5),
      orderingRow("vista-large-ticket", "", ">= 100000", "vista", 8),
      orderingRow("kite", "", "", "kite", 10),
      orderingRow("orbit", "", "", "orbit", 20),
      orderingRow("sahyog", "", "", "sahyog", 30),
      orderingRow("vista", "", "", "vista", 40),
    ],
  };
  return {
    nodes: [
      { id: "facts", type: "inputNode", name: "Application facts", position: { x: 80, y: 200 } },
      {
        id: "knockouts",
        type: "decisionTableNode",
        name: "Eligibility knockouts",
        position: { x: 380, y: 80 },
        content: knockouts,
      },
      {
        id: "ordering",
        type: "decisionTableNode",
        name: "Lender ordering",
        position: { x: 380, y: 320 },
        content: ordering,
      },
      { id: "selection", type: "outputNode", name: "Selection", position: { x: 700, y: 200 } },
    ],
    edges: [
      { id: "facts-knockouts", sourceId: "facts", targetId: "knockouts", type: "edge" },
      { id: "facts-ordering", sourceId: "facts", targetId: "ordering", type: "edge" },
      { id: "knockouts-selection", sourceId: "knockouts", targetId: "selection", type: "edge" },
      { id: "ordering-selection", sourceId: "ordering", targetId: "selection", type: "edge" },
    ],
  };
}
