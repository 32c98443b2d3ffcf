/**
 * Simulation summary: the same recorded applications' facts evaluated by the published version
 * ("before") and by a draft ("after"). Counts what a publish would change: applications that gain or
 * lose every lender (approval-relevant), eligibility sets, first choice and order, and the per-lender mix.
 */
import type { SelectionOutcome } from "./jdm";

export interface SimulationItem {
  applicationId: string;
  evaluatedAt: string;
  before: SelectionOutcome;
  after: SelectionOutcome;
}

export interface LenderMix {
  lenderCode: string;
  eligibleBefore: number;
  eligibleAfter: number;
  firstBefore: number;
  firstAfter: number;
}

export interface ChangedApplication {
  applicationId: string;
  evaluatedAt: string;
  before: string[];
  after: string[];
  kind: "gained-access" | "lost-access" | "eligibility" | "order";
}

export interface SimulationSummary {
  applications: number;
  withLenderBefore: number;
  withLenderAfter: number;
  gainedAccess: number;
  lostAccess: number;
  eligibilityChanged: number;
  firstChoiceChanged: number;
  orderChanged: number;
  unchanged: number;
  lenders: LenderMix[];
  changed: ChangedApplication[];
  changedTruncated: boolean;
}

const codes = (outcome: SelectionOutcome) => outcome.lenders.map((lender) => lender.lenderCode);

export function summariseSimulation(items: SimulationItem[], maxChanged = 200): SimulationSummary {
  const mix = new Map<string, LenderMix>();
  const lender = (code: string) => {
    let entry = mix.get(code);
    if (!entry) {
      entry = { lenderCode: code, eligibleBefore: 0, eligibleAfter: 0, firstBefore: 0, firstAfter: 0 };
      mix.set(code, entry);
    }
    return entry;
  };
  const summary: SimulationSummary = {
    applications: items.length,
    withLenderBefore: 0,
    withLenderAfter: 0,
    gainedAccess: 0,
    lostAccess: 0,
    eligibilityChanged: 0,
    firstChoiceChanged: 0,
    orderChanged: 0,
    unchanged: 0,
    lenders: [],
    changed: [],
    changedTruncated: false,
  };
  for (const item of items) {
    const before = codes(item.before);
    const after = codes(item.after);
    for (const code of [...item.before.ineligible, ...item.after.ineligible].map((l) => l.lenderCode))
      lender(code);
    before.forEach((code, index) => {
      lender(code).eligibleBefore += 1;
      if (index === 0) lender(code).firstBefore += 1;
    });
    after.forEach((code, index) => {
      lender(code).eligibleAfter += 1;
      if (index === 0) lender(code).firstAfter += 1;
    });
    if (before.length) summary.withLenderBefore += 1;
    if (after.length) summary.withLenderAfter += 1;
    const sameSet = before.length === after.length && [...before].sort().join() === [...after].sort().join();
    const sameOrder = before.join() === after.join();
    if (before[0] !== after[0]) summary.firstChoiceChanged += 1;
    let kind: ChangedApplication["kind"] | null = null;
    if (!before.length && after.length) {
      summary.gainedAccess += 1;
      kind = "gained-access";
    } else if (before.length && !after.length) {
      summary.lostAccess += 1;
      kind = "lost-access";
    } else if (!sameSet) kind = "eligibility";
    else if (!sameOrder) kind = "order";
    if (!sameSet) summary.eligibilityChanged += 1;
    if (!sameOrder) summary.orderChanged += 1;
    if (!kind) {
      summary.unchanged += 1;
      continue;
    }
    if (summary.changed.length < maxChanged)
      summary.changed.push({
        applicationId: item.applicationId,
        evaluatedAt: item.evaluatedAt,
        before,
        after,
        kind,
      });
    else summary.changedTruncated = true;
  }
  summary.lenders = [...mix.values()].sort((a, b) => a.lenderCode.localeCompare(b.lenderCode));
  return summary;
}
