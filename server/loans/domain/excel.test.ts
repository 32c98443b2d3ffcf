/**
 * Excel-compatible vectors from formulajs's test suite (test/fixtures/loans, MIT): every case runs
 * through our decimal implementation. Arguments are JavaScript expressions such as "0.1 / 12, 30 * 12";
 * we evaluate them in decimals (never floats) with a small parser. "approximately" cases must agree to the
 * precision the expected value is written with (at least 1e-9 relative); "equal" cases exactly.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXCEL_FUNCTIONS, type ExcelArg, ExcelError } from "./excel";
import { D, type Dec, dec } from "./money";
import { levelPayment } from "./schedule";

const file = path.resolve(
  import.meta.dirname,
  "../../../test/fixtures/loans/excel_compatible_vectors_from_formulajs.csv",
);

function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      fields.push(current);
      current = "";
    } else current += char;
  }
  fields.push(current);
  return fields;
}

/** Evaluates "0.1 / 12", "-(157119 / 12)", "'invalid'", "undefined" in decimals. */
function evaluate(expression: string): ExcelArg {
  const text = expression.trim();
  if (text === "undefined") return undefined;
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  const tokens = text.match(/\d+(?:\.\d+)?(?:e-?\d+)?|[-+*/()]/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++]!;
  function primary(): Dec {
    const token = next();
    if (token === "-") return primary().neg();
    if (token === "(") {
      const value = sum();
      next();
      return value;
    }
    return dec(token);
  }
  function product(): Dec {
    let value = primary();
    while (peek() === "*" || peek() === "/")
      value = next() === "*" ? value.mul(primary()) : value.div(primary());
    return value;
  }
  function sum(): Dec {
    let value = product();
    while (peek() === "+" || peek() === "-")
      value = next() === "+" ? value.plus(product()) : value.minus(product());
    return value;
  }
  return sum();
}

function splitArgs(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of args) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const rows = readFileSync(file, "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map(parseCsvLine)
  .map(([fn, args, expected, match]) => ({ fn: fn!, args: args!, expected: expected!, match: match! }));

function tolerance(expected: string): Dec {
  const decimals = expected.split(".")[1]?.length ?? 0;
  const written = new D(10).pow(-decimals).div(2);
  const relative = dec(expected).abs().mul("1e-9");
  return D.max(written, relative, new D("1e-12"));
}

describe("Excel-compatible time-value-of-money functions (formulajs vectors)", () => {
  it("reads all 72 vectors", () => {
    expect(rows).toHaveLength(72);
  });

  it.each(rows.map((row) => [`${row.fn}(${row.args}) = ${row.expected}`, row] as const))(
    "%s",
    (_name, row) => {
      const fn = EXCEL_FUNCTIONS[row.fn as keyof typeof EXCEL_FUNCTIONS] as (...args: ExcelArg[]) => Dec;
      expect(fn, `function ${row.fn}`).toBeTypeOf("function");
      const args = splitArgs(row.args).map(evaluate);
      if (row.match === "error-case") {
        const code = row.expected === "error.num" ? "#NUM!" : "#VALUE!";
        let thrown: unknown;
        try {
          fn(...args);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ExcelError);
        expect((thrown as ExcelError).code).toBe(code);
        return;
      }
      const actual = fn(...args);
      if (row.match === "equal") expect(actual.eq(dec(row.expected))).toBe(true);
      else {
        const difference = actual.minus(dec(row.expected)).abs();
        expect(difference.lte(tolerance(row.expected)), `${actual.toString()} vs ${row.expected}`).toBe(true);
      }
    },
  );

  it("the schedule engine's level payment is Excel's PMT with the sign flipped", () => {
    const pmt = EXCEL_FUNCTIONS.PMT(dec("0.1").div(12), 24, 100_000);
    expect(levelPayment(dec(100_000), dec("0.1").div(12), 24).eq(pmt.neg())).toBe(true);
  });
});
