/**
 * Random loan histories (pure, seeded): used by the property test (rebuild == live projection, ledger ==
 * projection) and by the ledger benchmark. A history is a booking followed by commands on advancing
 * business dates; commands the rules refuse are skipped, as the service would refuse them.
 */
import type { LoanTermsInput } from "../contracts";
import { LoanTermsSchema } from "../contracts";
import { addDays, type IsoDate } from "./dates";
import {
  bookingEvents,
  decideCancellation,
  decideCharge,
  decideCoolingOffExit,
  decideForeclosure,
  decidePrepayment,
  decideRepayment,
  foldPending,
  quoteCoolingOff,
  quoteForeclosure,
} from "./decide";
import { type LoanEventBody, type LoanProjection, LoanRuleError, nextDue, unpaidOf } from "./events";
import { generateSchedule } from "./schedule";

export type HistoryCommand =
  | { kind: "repay"; days: number; fraction: number }
  | { kind: "prepay"; days: number; fraction: number; mode: "REDUCE_EMI" | "REDUCE_TENURE" }
  | { kind: "late-charge"; days: number }
  | { kind: "foreclose"; days: number; extra: number }
  | { kind: "cooling-off"; days: number }
  | { kind: "cancel"; days: number }
  | { kind: "wrong-amount"; days: number };

export interface HistorySpec {
  principalRupees: number;
  tenor: number;
  rateBps: number;
  withFees: boolean;
  principalFirst: boolean;
  commands: HistoryCommand[];
}

export function historyTerms(spec: HistorySpec): LoanTermsInput {
  return {
    principalPaise: BigInt(spec.principalRupees) * 100n,
    tenor: spec.tenor,
    frequency: { unit: "MONTH", every: 1 },
    annualRateBps: spec.rateBps,
    interestMethod: "REDUCING_BALANCE",
    disbursalDate: "2026-01-10",
    charges: spec.withFees
      ? [
          {
            code: "processing",
            name: "Processing fee",
            kind: "FEE",
            amountPaise: 49_900n,
            receiver: { type: "LENDER", name: "Lender" },
            collection: "UPFRONT",
          },
          {
            code: "insurance",
            name: "Insurance",
            kind: "THIRD_PARTY",
            amountPaise: 30_000n,
            receiver: { type: "THIRD_PARTY", name: "Insurer" },
            collection: "WITH_FIRST_INSTALMENT",
          },
        ]
      : [],
    contingentCharges: [
      {
        code: "late-payment",
        name: "Late payment",
        trigger: "LATE_PAYMENT",
        basis: "FLAT",
        amountPaise: 50_000n,
        description: "Late",
        receiver: { type: "LENDER", name: "Lender" },
      },
    ],
  };
}

/** Plays a history; returns the event bodies in order (with their business dates). */
export function playHistory(
  loanId: string,
  spec: HistorySpec,
): { events: { body: LoanEventBody; businessDate: IsoDate }[]; final: LoanProjection } {
  const terms = LoanTermsSchema.parse(historyTerms(spec));
  const schedule = generateSchedule(terms);
  const events: { body: LoanEventBody; businessDate: IsoDate }[] = [];
  const booking = bookingEvents({
    loanId,
    applicationId: loanId,
    proposalNumber: "FLX-P-TEST",
    terms,
    schedule: schedule.rows,
    coolingOffDays: 3,
    allocationOrder: spec.principalFirst ? "PRINCIPAL_FIRST" : "INTEREST_FIRST",
    merchantOrganisationId: loanId,
    storeId: loanId,
    lenderLoanReference: "L-1",
  });
  for (const body of booking) events.push({ body, businessDate: terms.disbursalDate });
  let state = foldPending(null, booking, loanId);
  let date = terms.disbursalDate;
  let paymentNumber = 0;
  for (const command of spec.commands) {
    date = addDays(date, command.days);
    paymentNumber += 1;
    const paymentId = `pay-${paymentNumber}`;
    let bodies: LoanEventBody[] = [];
    try {
      switch (command.kind) {
        case "repay": {
          const next = nextDue(state, date);
          const base = next ? unpaidOf(next) : 10_000n;
          const amount = (base * BigInt(Math.round(command.fraction * 100))) / 100n + 1n;
          bodies = decideRepayment(state, { paymentId, amountPaise: amount, on: date });
          break;
        }
        case "prepay": {
          const principal = state.instalments.reduce(
            (s, r) => s + r.principalDuePaise - r.principalPaidPaise,
            0n,
          );
          const amount = (principal * BigInt(Math.round(command.fraction * 100))) / 100n + 1n;
          bodies = decidePrepayment(state, terms, {
            paymentId,
            amountPaise: amount,
            on: date,
            mode: command.mode,
            emiPaise: schedule.instalmentPaise,
          });
          break;
        }
        case "late-charge":
          bodies = decideCharge(state, terms.contingentCharges, { code: "late-payment", on: date });
          break;
        case "foreclose": {
          const quote = quoteForeclosure(state, terms.contingentCharges, date);
          bodies = decideForeclosure(state, terms.contingentCharges, {
            paymentId,
            amountPaise: quote.payablePaise + BigInt(command.extra),
            on: date,
          });
          break;
        }
        case "cooling-off": {
          const quote = quoteCoolingOff(state, 1_800, date);
          bodies = decideCoolingOffExit(state, 1_800, {
            paymentId,
            amountPaise: quote.payablePaise,
            on: date,
          });
          break;
        }
        case "cancel":
          bodies = decideCancellation(state, { reason: "Merchant refund", on: date });
          break;
        case "wrong-amount":
          bodies = [
            { type: "PaymentHeld", paymentId, amountPaise: 12_345n, on: date, reason: "amount mismatch" },
          ];
          break;
      }
    } catch (error) {
      if (error instanceof LoanRuleError) continue;
      throw error;
    }
    if (bodies.length === 0) continue;
    state = foldPending(state, bodies, loanId);
    for (const body of bodies) events.push({ body, businessDate: date });
  }
  return { events, final: state };
}

/** A small deterministic PRNG (mulberry32) for benchmarks that need histories without fast-check. */
export function randomHistorySpec(seed: number, commands = 8): HistorySpec {
  let t = seed >>> 0;
  const random = () => {
    t += 0x6d2b79f5;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const list: HistoryCommand[] = [];
  for (let index = 0; index < commands; index += 1) {
    const days = Math.floor(random() * 40);
    const kind = pick([
      "repay",
      "repay",
      "repay",
      "prepay",
      "late-charge",
      "foreclose",
      "wrong-amount",
    ] as const);
    if (kind === "repay") list.push({ kind, days, fraction: 0.5 + random() });
    else if (kind === "prepay")
      list.push({
        kind,
        days,
        fraction: random() * 0.5,
        mode: pick(["REDUCE_EMI", "REDUCE_TENURE"] as const),
      });
    else if (kind === "foreclose") list.push({ kind, days, extra: Math.floor(random() * 1000) });
    else list.push({ kind, days });
  }
  return {
    principalRupees: 5_000 + Math.floor(random() * 195_000),
    tenor: 3 + Math.floor(random() * 21),
    rateBps: Math.floor(random() * 3_600),
    withFees: random() < 0.5,
    principalFirst: random() < 0.2,
    commands: list,
  };
}
