/** The fault-aware handling of an application call, shared by every sandbox lender's own API shape. */
import type { Context } from "hono";
import {
  type Applicant,
  answerDelay,
  countCall,
  decideOnce,
  faultApplies,
  hang,
  type LedgerEntry,
  type LenderState,
  resetConnection,
  sampleLatency,
  sendCallbacks,
  sleep,
} from "./core";

export interface ApplyFlow {
  state: LenderState;
  reference: string;
  applicant: Applicant;
  ticketPaise: bigint;
  callbackUrl: string | null;
  render(entry: LedgerEntry, replay: boolean): Response;
  serverError(): Response;
  authExpired(): Response;
  callbackBody(entry: LedgerEntry): unknown;
}

export async function applyFlow(c: Context, flow: ApplyFlow): Promise<Response> {
  const { state, reference } = flow;
  countCall(state, reference, "apply");
  const mode = faultApplies(state);
  switch (mode) {
    case "expire_token":
      if (!state.expiredFor.has(reference)) {
        state.expiredFor.add(reference);
        state.tokensValidAfter = Date.now();
        return flow.authExpired();
      }
      break;
    case "error5xx":
      await answerDelay(state);
      return flow.serverError();
    case "reset":
      await answerDelay(state);
      return resetConnection(c);
    case "timeout":
      await hang(c, state.faults.hangMs);
      return resetConnection(c);
    case "approve_then_timeout": {
      // Commits the decision (a loan, when approved) and never answers.
      await sleep(Math.random() * 300);
      decideOnce(state, reference, flow.applicant, flow.ticketPaise, flow.callbackUrl);
      await hang(c, state.faults.hangMs);
      return resetConnection(c);
    }
    case "slow":
      await sleep(sampleLatency(state.faults.slowLatency));
      break;
    default:
      break;
  }
  if (mode !== "slow") await answerDelay(state);
  const { entry, replay } = decideOnce(state, reference, flow.applicant, flow.ticketPaise, flow.callbackUrl);
  if (!replay) sendCallbacks(state, entry, flow.callbackBody(entry), mode === "duplicate_callback" ? 2 : 1);
  return flow.render(entry, replay);
}

/** Inquiry and cancel calls see the baseline latency but no injected fault (the lender's ops desk works). */
export async function inquiryDelay(state: LenderState, reference: string): Promise<void> {
  countCall(state, reference, "inquiry");
  await answerDelay(state);
}
