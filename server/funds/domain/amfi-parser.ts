/**
 * The AMFI NAV file (`NAVAll.txt`) parser. Pure: text in, rows out (or a refusal).
 *
 * Columns are read by header NAME, so the 6-field layout, the 8-field layout of August 2026 (Plan;Option)
 * and any reordering of known columns parse the same way. Category lines (`Open Ended Schemes(...)`) and
 * AMC lines give the rows under them their category and fund house. CRLF, lone `\r` and blank lines of a
 * single space are handled. A file that is not an AMFI file at all (HTML error page, empty body, unknown
 * header, truncated) is refused with an `AmfiFileError` so that nothing of it is stored as NAVs.
 */

export type AmfiRefusalCode = "EMPTY" | "HTML" | "UNKNOWN_HEADER" | "TRUNCATED" | "NO_ROWS";

export class AmfiFileError extends Error {
  constructor(
    readonly code: AmfiRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = "AmfiFileError";
  }
}

/** Canonical column keys and the header names AMFI has used for them (compared case- and space-insensitively). */
const COLUMN_ALIASES: Record<AmfiColumn, string[]> = {
  schemeCode: ["Scheme Code"],
  isinGrowth: ["ISIN Div Payout/ ISIN Growth", "ISIN Div Payout/ISIN Growth", "ISIN Growth"],
  isinReinvest: ["ISIN Div Reinvestment"],
  schemeName: ["Scheme Name"],
  plan: ["Plan"],
  option: ["Option"],
  nav: ["Net Asset Value"],
  date: ["Date"],
};
export type AmfiColumn =
  | "schemeCode"
  | "isinGrowth"
  | "isinReinvest"
  | "schemeName"
  | "plan"
  | "option"
  | "nav"
  | "date";

const REQUIRED: AmfiColumn[] = ["schemeCode", "schemeName", "nav", "date"];

function normaliseHeaderName(name: string): string {
  return name.replace(/\s+/g, "").toLowerCase();
}
const ALIAS_LOOKUP = new Map<string, AmfiColumn>(
  Object.entries(COLUMN_ALIASES).flatMap(([key, names]) =>
    names.map((name) => [normaliseHeaderName(name), key as AmfiColumn]),
  ),
);

/** One scheme row as it stood in the file (strings, trimmed), with its block's category and AMC. */
export interface AmfiRawRow {
  /** 1-based line number in the file. */
  line: number;
  schemeCode: string;
  isinGrowth: string | null;
  isinReinvest: string | null;
  schemeName: string;
  plan: string | null;
  option: string | null;
  nav: string;
  date: string;
  category: string | null;
  /** "Open Ended", "Close Ended", "Interval Fund" as the category line said. */
  structure: string | null;
  amc: string | null;
  /** Set when the row's field count differs from the header's: validation quarantines it. */
  fieldCountError?: string;
}

export interface AmfiParseResult {
  /** "6-field", "8-field", or a description of another known-column order. */
  layout: string;
  columns: AmfiColumn[];
  rows: AmfiRawRow[];
  categories: number;
  amcs: number;
}

/** Fixes the double-encoded (UTF-8 read as cp1252) apostrophe and quotes seen in category lines. */
export function repairText(text: string): string {
  return text.replace(/â€™/g, "'").replace(/â€˜/g, "'").replace(/[‘’]/g, "'").replace(/\s+/g, " ").trim();
}

const CATEGORY_LINE = /^(.*?)\s*Schemes?\s*\((.*)\)\s*$/i;

export function parseCategoryLine(line: string): { structure: string; category: string } | null {
  const match = CATEGORY_LINE.exec(line);
  if (!match) return null;
  return { structure: repairText(match[1] ?? ""), category: repairText(match[2] ?? "") };
}

function nullIfDash(value: string | undefined): string | null {
  const trimmed = (value ?? "").trim();
  return trimmed === "" || trimmed === "-" ? null : trimmed;
}

export function parseAmfiFile(input: string | Uint8Array): AmfiParseResult {
  const text = typeof input === "string" ? input : new TextDecoder("utf-8").decode(input);
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") throw new AmfiFileError("EMPTY", "The file is empty: no header and no rows.");
  const head = body.slice(0, 512).trimStart().toLowerCase();
  if (head.startsWith("<") || head.includes("<html") || head.includes("<!doctype")) {
    throw new AmfiFileError(
      "HTML",
      "The source returned an HTML page, not an AMFI NAV file (probably an error or maintenance page).",
    );
  }

  // \r\n, lone \r and \n are all line ends.
  const lines = body.split(/\r\n|\r|\n/);
  let headerIndex = lines.findIndex((line) => line.trim() !== "");
  const headerLine = lines[headerIndex] ?? "";
  const headerNames = headerLine.split(";").map((name) => name.trim());
  const columns: AmfiColumn[] = [];
  const unknown: string[] = [];
  for (const name of headerNames) {
    const key = ALIAS_LOOKUP.get(normaliseHeaderName(name));
    if (!key) unknown.push(name);
    else columns.push(key);
  }
  const missing = REQUIRED.filter((key) => !columns.includes(key));
  if (headerNames.length < 2 || unknown.length || missing.length) {
    const parts = [
      unknown.length ? `unknown column(s): ${unknown.map((n) => `"${n}"`).join(", ")}` : null,
      missing.length
        ? `missing column(s): ${missing.map((k) => `"${COLUMN_ALIASES[k][0]}"`).join(", ")}`
        : null,
    ].filter(Boolean);
    throw new AmfiFileError(
      "UNKNOWN_HEADER",
      `The first line is not a known AMFI header (${parts.join("; ") || "no columns"}): "${headerLine.slice(0, 200)}".`,
    );
  }
  if (new Set(columns).size !== columns.length) {
    throw new AmfiFileError("UNKNOWN_HEADER", `The header repeats a column: "${headerLine.slice(0, 200)}".`);
  }

  const layout =
    columns.join(",") === "schemeCode,isinGrowth,isinReinvest,schemeName,nav,date"
      ? "6-field"
      : columns.join(",") === "schemeCode,isinGrowth,isinReinvest,schemeName,plan,option,nav,date"
        ? "8-field"
        : `${columns.length}-field (reordered: ${headerNames.join(";")})`;

  // A complete file ends with a line break; AMFI's ends with a blank line.
  const endsWithNewline = /[\r\n]$/.test(body);
  const rows: AmfiRawRow[] = [];
  let category: string | null = null;
  let structure: string | null = null;
  let amc: string | null = null;
  let categories = 0;
  let amcs = 0;
  let lastContentIndex = -1;
  for (let index = lines.length - 1; index > headerIndex; index--) {
    if ((lines[index] ?? "").trim() !== "") {
      lastContentIndex = index;
      break;
    }
  }

  for (headerIndex++; headerIndex < lines.length; headerIndex++) {
    const line = lines[headerIndex] ?? "";
    if (line.trim() === "") continue;
    if (!line.includes(";")) {
      const parsed = parseCategoryLine(line.trim());
      if (parsed) {
        category = parsed.category;
        structure = parsed.structure;
        amc = null;
        categories++;
      } else {
        amc = repairText(line);
        amcs++;
      }
      continue;
    }
    const fields = line.split(";");
    const isLast = headerIndex === lastContentIndex;
    if (isLast && (!endsWithNewline || fields.length < columns.length)) {
      throw new AmfiFileError(
        "TRUNCATED",
        `The file is truncated: its last line (line ${headerIndex + 1}) is incomplete: "${line.slice(0, 200)}".`,
      );
    }
    const value = (key: AmfiColumn) => {
      const at = columns.indexOf(key);
      return at < 0 ? undefined : fields[at];
    };
    rows.push({
      line: headerIndex + 1,
      schemeCode: (value("schemeCode") ?? "").trim(),
      isinGrowth: nullIfDash(value("isinGrowth")),
      isinReinvest: nullIfDash(value("isinReinvest")),
      schemeName: repairText(value("schemeName") ?? ""),
      plan: nullIfDash(value("plan")),
      option: nullIfDash(value("option")),
      nav: (value("nav") ?? "").trim(),
      date: (value("date") ?? "").trim(),
      category,
      structure,
      amc,
      fieldCountError:
        fields.length === columns.length
          ? undefined
          : `expected ${columns.length} fields, found ${fields.length}`,
    });
  }
  if (rows.length === 0) {
    throw new AmfiFileError("NO_ROWS", "The file has a header but no scheme rows.");
  }
  return { layout, columns, rows, categories, amcs };
}
