/** Deterministic, varied applicants for the selector benchmarks (a small LCG, no Math.random). */
import {
  deriveFacts,
  EMPLOYMENT_TYPES,
  type LenderSelectionFacts,
} from "@/server/lending/rules/domain/facts";

const CATEGORIES = ["ELECTRONICS", "MOBILES", "APPLIANCES", "FURNITURE", "JEWELLERY", "EDUCATION", "TRAVEL"];
const PINCODES = ["560034", "400001", "110001", "600017", "795001", "800001", "682001", "999999", "781001"];

export function applicants(count: number, seed = 42): LenderSelectionFacts[] {
  let state = seed >>> 0;
  const next = (modulo: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % modulo;
  };
  const at = new Date("2026-11-22T10:00:00Z");
  return Array.from({ length: count }, () => {
    const year = 1958 + next(52);
    const month = String(1 + next(12)).padStart(2, "0");
    const day = String(1 + next(28)).padStart(2, "0");
    const scoreRoll = next(10);
    return deriveFacts({
      dateOfBirth: `${year}-${month}-${day}`,
      applicationAt: at,
      bureauScore: scoreRoll === 0 ? null : 550 + next(350),
      monthlyIncomePaise: BigInt(8_000 + next(150_000)) * 100n,
      employmentType: EMPLOYMENT_TYPES[next(EMPLOYMENT_TYPES.length)] ?? "SALARIED",
      pincode: PINCODES[next(PINCODES.length)] ?? "560034",
      ticketPaise: BigInt(1_000 + next(320_000)) * 100n + BigInt(next(100)),
      merchantCategory: CATEGORIES[next(CATEGORIES.length)] ?? "ELECTRONICS",
    });
  });
}
