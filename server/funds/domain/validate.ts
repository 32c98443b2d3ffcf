/**
 * Row validation for an AMFI file. Each row is accepted (a NAV to publish), quarantined (with a reason;
 * never a price) or held for review (a jump versus the previous NAV beyond the threshold).
 */
import type { AmfiRawRow } from "./amfi-parser";
import { addDays, parseAmfiDate } from "./dates";
import { checkIsin } from "./isin";
import { jumpBps, parseNav } from "./nav";
import {
  deriveOption,
  derivePlan,
  deriveSchemeClass,
  type Plan,
  type SchemeClass,
  type SchemeOption,
} from "./scheme-facts";

export const QUARANTINE_REASONS = {
  field_count: "The row does not have as many fields as the header",
  scheme_code_invalid: "Scheme code is missing or not a number",
  scheme_name_missing: "Scheme name is missing",
  nav_not_available: "NAV is N.A. or blank",
  nav_zero: "NAV is zero (e.g. a segregated portfolio written down)",
  nav_not_a_number: "NAV is not a decimal number",
  nav_too_precise: "NAV has more than 8 decimal places",
  date_invalid: "Date is not a dd-MMM-yyyy calendar date",
  date_in_future: "Date is in the future beyond the publishing window",
  duplicate_in_file: "The scheme code appears more than once in the file",
} as const;
export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

export const WARNINGS = {
  isin_invalid: "An ISIN field is malformed or fails its check digit; it was ignored",
} as const;
export type RowWarning = keyof typeof WARNINGS;

export interface ValidationSettings {
  /** The calendar date today in India. */
  today: string;
  /** A NAV date may be at most this many days after today (publishing across midnight). */
  futureWindowDays: number;
  /** A move of more than this versus the previous NAV is held for review. */
  jumpThresholdBps: number;
}

export const DEFAULT_VALIDATION: Omit<ValidationSettings, "today"> = {
  futureWindowDays: 1,
  jumpThresholdBps: 2_000,
};

export interface ValidNav {
  line: number;
  schemeCode: number;
  schemeName: string;
  amc: string | null;
  category: string | null;
  structure: string | null;
  isinGrowth: string | null;
  isinReinvest: string | null;
  plan: Plan;
  option: SchemeOption;
  schemeClass: SchemeClass;
  /** Exact decimal as text. */
  nav: string;
  navDate: string;
}

export type RowOutcome =
  | { kind: "accepted"; nav: ValidNav; warnings: RowWarning[] }
  | { kind: "held"; nav: ValidNav; warnings: RowWarning[]; previous: PreviousNav; jumpBps: number }
  | { kind: "quarantined"; line: number; schemeCode: string; reason: QuarantineReason; detail: string };

export interface PreviousNav {
  nav: string;
  navDate: string;
}

function quarantine(row: AmfiRawRow, reason: QuarantineReason, detail: string): RowOutcome {
  return { kind: "quarantined", line: row.line, schemeCode: row.schemeCode, reason, detail };
}

/** Checks one row's own content (no history needed). */
export function validateRow(row: AmfiRawRow, settings: ValidationSettings): RowOutcome {
  if (row.fieldCountError) return quarantine(row, "field_count", row.fieldCountError);
  if (!/^\d{1,9}$/.test(row.schemeCode)) return quarantine(row, "scheme_code_invalid", `"${row.schemeCode}"`);
  if (!row.schemeName) return quarantine(row, "scheme_name_missing", "");
  const nav = parseNav(row.nav);
  if (!nav.ok) return quarantine(row, nav.reason, `"${row.nav}"`);
  const navDate = parseAmfiDate(row.date);
  if (!navDate) return quarantine(row, "date_invalid", `"${row.date}"`);
  const latestAllowed = addDays(settings.today, settings.futureWindowDays);
  if (navDate > latestAllowed)
    return quarantine(row, "date_in_future", `${navDate} is after ${latestAllowed}`);

  const warnings: RowWarning[] = [];
  const isin = (value: string | null) => {
    if (value === null) return null;
    const check = checkIsin(value);
    if (check.ok) return check.isin;
    if (!warnings.includes("isin_invalid")) warnings.push("isin_invalid");
    return null;
  };
  return {
    kind: "accepted",
    warnings,
    nav: {
      line: row.line,
      schemeCode: Number(row.schemeCode),
      schemeName: row.schemeName,
      amc: row.amc,
      category: row.category,
      structure: row.structure,
      isinGrowth: isin(row.isinGrowth),
      isinReinvest: isin(row.isinReinvest),
      plan: derivePlan(row.schemeName, row.plan),
      option: deriveOption(row.schemeName, row.option),
      schemeClass: deriveSchemeClass(row.schemeName, row.category),
      nav: nav.nav,
      navDate,
    },
  };
}

/** Holds an accepted row whose NAV moved more than the threshold versus the scheme's previous NAV. */
export function checkJump(
  outcome: RowOutcome,
  previous: PreviousNav | null | undefined,
  thresholdBps: number,
): RowOutcome {
  if (outcome.kind !== "accepted" || !previous || previous.navDate >= outcome.nav.navDate) return outcome;
  const bps = jumpBps(previous.nav, outcome.nav.nav);
  if (bps <= thresholdBps) return outcome;
  return { kind: "held", nav: outcome.nav, warnings: outcome.warnings, previous, jumpBps: bps };
}

export interface ValidationSummary {
  outcomes: RowOutcome[];
  accepted: number;
  held: number;
  quarantined: number;
  quarantineReasons: Partial<Record<QuarantineReason, number>>;
  warnings: Partial<Record<RowWarning, number>>;
}

/** Validates every row of a parsed file; `previous` looks up the scheme's latest stored NAV before a date. */
export function validateRows(
  rows: readonly AmfiRawRow[],
  settings: ValidationSettings,
  previous: (schemeCode: number) => PreviousNav | null | undefined = () => null,
): ValidationSummary {
  const seen = new Set<string>();
  const summary: ValidationSummary = {
    outcomes: [],
    accepted: 0,
    held: 0,
    quarantined: 0,
    quarantineReasons: {},
    warnings: {},
  };
  for (const row of rows) {
    let outcome: RowOutcome;
    if (seen.has(row.schemeCode) && row.schemeCode !== "") {
      outcome = quarantine(row, "duplicate_in_file", `scheme ${row.schemeCode} already appeared`);
    } else {
      seen.add(row.schemeCode);
      outcome = validateRow(row, settings);
      if (outcome.kind === "accepted") {
        outcome = checkJump(outcome, previous(outcome.nav.schemeCode), settings.jumpThresholdBps);
      }
    }
    summary.outcomes.push(outcome);
    if (outcome.kind === "quarantined") {
      summary.quarantined++;
      summary.quarantineReasons[outcome.reason] = (summary.quarantineReasons[outcome.reason] ?? 0) + 1;
    } else {
      if (outcome.kind === "accepted") summary.accepted++;
      else summary.held++;
      for (const warning of outcome.warnings)
        summary.warnings[warning] = (summary.warnings[warning] ?? 0) + 1;
    }
  }
  return summary;
}
