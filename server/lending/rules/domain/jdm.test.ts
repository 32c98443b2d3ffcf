import { ZenEngine } from "@gorules/zen-engine";
import { describe, expect, it } from "vitest";
import { baselineDecisionModel } from "./baseline-model";
import { deriveFacts, type LenderSelectionFacts } from "./facts";
import {
  checkDecisionModel,
  type DecisionModel,
  DecisionModelError,
  interpretResult,
  lendersInModel,
} from "./jdm";

const engine = new ZenEngine();
const model = checkDecisionModel(baselineDecisionModel());
const decision = engine.createDecision(model as unknown as object);

const applicant = (patch: Partial<Parameters<typeof deriveFacts>[0]> = {}): LenderSelectionFacts =>
  deriveFacts({
    dateOfBirth: "1994-07-15",
    applicationAt: new Date("2026-11-22T10:00:00Z"),
    bureauScore: 742,
    monthlyIncomePaise: 6_000_000n,
    employmentType: "SALARIED",
    pincode: "560034",
    ticketPaise: 5_000_000n,
    merchantCategory: "ELECTRONICS",
    ...patch,
  });

async function select(facts: LenderSelectionFacts) {
  const response = await decision.evaluate(facts);
  return interpretResult(lendersInModel(model), response.result);
}

const order = (outcome: Awaited<ReturnType<typeof select>>) => outcome.lenders.map((l) => l.lenderCode);
const reasonOf = (outcome: Awaited<ReturnType<typeof select>>, code: string) =>
  outcome.ineligible.find((l) => l.lenderCode === code)?.reason;

describe("baseline model (v1) on the real engine", () => {
  it("names the four sandbox lenders", () => {
    expect(lendersInModel(model)).toEqual(["kite", "orbit", "sahyog", "vista"]);
  });

  it("a prime salaried applicant sees every lender, prime lender first", async () => {
    const outcome = await select(applicant());
    expect(order(outcome)).toEqual(["kite", "orbit", "sahyog", "vista"]);
    expect(outcome.lenders.map((l) => l.rank)).toEqual([1, 2, 3, 4]);
    expect(outcome.ineligible).toEqual([]);
  });

  it("a new-to-credit applicant goes to the thin-file specialist only", async () => {
    const outcome = await select(applicant({ bureauScore: null }));
    expect(order(outcome)).toEqual(["sahyog"]);
    expect(reasonOf(outcome, "kite")).toMatch(/Bureau band/);
  });

  it("a large ticket puts the large-ticket lender first and drops lenders whose range ends", async () => {
    const outcome = await select(applicant({ ticketPaise: 18_000_000n }));
    expect(order(outcome)).toEqual(["vista", "kite"]);
    expect(reasonOf(outcome, "orbit")).toBe("Ticket outside ₹3,000-₹1,50,000");
    expect(reasonOf(outcome, "sahyog")).toBe("Ticket outside ₹2,000-₹75,000");
  });

  it.each([
    ["under 21", { dateOfBirth: "2006-01-01" }, "Age outside 21-60"],
    ["over 60", { dateOfBirth: "1960-01-01" }, "Age outside 21-60"],
    ["jewellery", { merchantCategory: "JEWELLERY" }, "Category JEWELLERY excluded"],
    ["high-risk pincode", { pincode: "795001" }, "Pincode risk above 60"],
  ])("%s knocks kite out", async (_label, patch, reason) => {
    const outcome = await select(applicant(patch));
    expect(reasonOf(outcome, "kite")).toContain(reason);
    expect(order(outcome)).not.toContain("kite");
  });

  it("collects every reason a lender refuses", async () => {
    const outcome = await select(applicant({ monthlyIncomePaise: 1_000_000n, employmentType: "STUDENT" }));
    expect(reasonOf(outcome, "kite")).toBe(
      "Monthly income below ₹25,000; Employment STUDENT/RETIRED/UNEMPLOYED not accepted",
    );
  });
});

describe("checkDecisionModel", () => {
  const edit = (mutate: (copy: DecisionModel) => void) => {
    const copy = structuredClone(model);
    mutate(copy);
    return copy;
  };
  const problems = (content: unknown) => {
    try {
      checkDecisionModel(content);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(DecisionModelError);
      return (error as DecisionModelError).problems;
    }
  };
  const table = (copy: DecisionModel, id: string) => {
    const node = copy.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no table ${id}`);
    return node.content as { rules: Record<string, string>[]; inputs: { field: string }[] };
  };
  const knockouts = (copy: DecisionModel) => table(copy, "knockouts");

  it("accepts the baseline", () => {
    expect(problems(baselineDecisionModel())).toEqual([]);
  });

  it("refuses a condition ZEN would silently never match, naming table, row and column", () => {
    const found = problems(edit((copy) => (knockouts(copy).rules[0]!["ko-age"] = "<<< 21")));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ table: "Eligibility knockouts", row: 1, column: "Age (years)" });
    expect(found[0]?.message).toMatch(/not a valid condition/);
  });

  it("refuses an unquoted lender code and a non-numeric priority", () => {
    const found = problems(
      edit((copy) => {
        knockouts(copy).rules[2]!["ko-lender"] = "kite";
        table(copy, "ordering").rules[0]!["or-priority"] = '"high"';
      }),
    );
    expect(found.map((p) => p.column)).toEqual(["Lender", "Priority (lower first)"]);
  });

  it("refuses an unknown fact field, a missing table and non-models", () => {
    expect(
      problems(
        edit((copy) => {
          table(copy, "knockouts").inputs[0]!.field = "age";
        }),
      )[0]?.message,
    ).toMatch(/"age" is not a fact/);
    expect(
      problems(
        edit((copy) => {
          copy.nodes = copy.nodes.filter((n) => n.id !== "ordering");
          copy.edges = copy.edges.filter((e) => e.sourceId !== "ordering" && e.targetId !== "ordering");
        }),
      )[0]?.message,
    ).toMatch(/output path is "ordering"/);
    expect(problems("nope")[0]?.message).toMatch(/nodes and edges/);
    expect(problems({ nodes: [], edges: [] }).map((p) => p.message)).toContain(
      "The model needs exactly one input node.",
    );
  });
});

describe("interpretResult", () => {
  it("ranks by lowest priority then code, and explains lenders with no ordering row", () => {
    const outcome = interpretResult(["a1", "b1", "c1", "d1"], {
      knockouts: [{ lenderCode: "d1", reason: "x" }],
      ordering: [
        { lenderCode: "b1", priority: 20 },
        { lenderCode: "a1", priority: 20 },
        { lenderCode: "b1", priority: 5 },
      ],
    });
    expect(outcome.lenders).toEqual([
      { lenderCode: "b1", rank: 1 },
      { lenderCode: "a1", rank: 2 },
    ]);
    expect(outcome.ineligible).toEqual([
      { lenderCode: "c1", reason: "No ordering rule matched this application" },
      { lenderCode: "d1", reason: "x" },
    ]);
  });
});
