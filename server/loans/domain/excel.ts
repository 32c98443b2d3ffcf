/**
 * Excel's time-value-of-money functions (PMT, IPMT, PPMT, FV, PV, NPER, RATE, CUMIPMT, CUMPRINC, ISPMT)
 * in exact decimals, with Excel's sign convention (money paid out is negative) and its errors. Lenders and
 * auditors check EMIs and APRs in a spreadsheet: these let us prove we agree with one.
 */
import { D, type Dec, dec } from "./money";

export class ExcelError extends Error {
  constructor(readonly code: "#NUM!" | "#VALUE!") {
    super(code);
  }
}

export type ExcelArg = Dec | number | string | undefined;

function num(value: ExcelArg, fallback?: number): Dec {
  if (value === undefined) {
    if (fallback === undefined) throw new ExcelError("#VALUE!");
    return dec(fallback);
  }
  if (typeof value === "string" && !/^-?\d+(\.\d+)?$/.test(value)) throw new ExcelError("#VALUE!");
  return typeof value === "object" ? value : dec(value);
}

function paymentType(value: ExcelArg): 0 | 1 {
  const type = num(value, 0);
  if (type.eq(0)) return 0;
  if (type.eq(1)) return 1;
  throw new ExcelError("#NUM!");
}

const ONE = new D(1);

export function PMT(rate: ExcelArg, nper: ExcelArg, pv: ExcelArg, fv?: ExcelArg, type?: ExcelArg): Dec {
  const r = num(rate);
  const n = num(nper);
  const present = num(pv);
  const future = num(fv, 0);
  const t = paymentType(type);
  if (r.isZero()) return present.plus(future).neg().div(n);
  const growth = ONE.plus(r).pow(n);
  return r
    .mul(future.plus(present.mul(growth)))
    .neg()
    .div(ONE.plus(r.mul(t)).mul(growth.minus(ONE)));
}

export function FV(rate: ExcelArg, nper: ExcelArg, pmt: ExcelArg, pv?: ExcelArg, type?: ExcelArg): Dec {
  const r = num(rate);
  const n = num(nper);
  const payment = num(pmt);
  const present = num(pv, 0);
  const t = paymentType(type);
  if (r.isZero()) return present.plus(payment.mul(n)).neg();
  const growth = ONE.plus(r).pow(n);
  return present
    .mul(growth)
    .plus(
      payment
        .mul(ONE.plus(r.mul(t)))
        .mul(growth.minus(ONE))
        .div(r),
    )
    .neg();
}

export function PV(rate: ExcelArg, nper: ExcelArg, pmt: ExcelArg, fv?: ExcelArg, type?: ExcelArg): Dec {
  const r = num(rate);
  const n = num(nper);
  const payment = num(pmt);
  const future = num(fv, 0);
  const t = paymentType(type);
  if (r.isZero()) return future.plus(payment.mul(n)).neg();
  const growth = ONE.plus(r).pow(n);
  return future
    .plus(
      payment
        .mul(ONE.plus(r.mul(t)))
        .mul(growth.minus(ONE))
        .div(r),
    )
    .neg()
    .div(growth);
}

export function IPMT(
  rate: ExcelArg,
  per: ExcelArg,
  nper: ExcelArg,
  pv: ExcelArg,
  fv?: ExcelArg,
  type?: ExcelArg,
): Dec {
  const r = num(rate);
  const period = num(per);
  const present = num(pv);
  const t = paymentType(type);
  const payment = PMT(r, nper, present, fv, t);
  let interest: Dec;
  if (period.eq(1)) interest = t === 1 ? new D(0) : present.neg();
  else if (t === 1) interest = FV(r, period.minus(2), payment, present, 1).minus(payment);
  else interest = FV(r, period.minus(1), payment, present, 0);
  return interest.mul(r);
}

export function PPMT(
  rate: ExcelArg,
  per: ExcelArg,
  nper: ExcelArg,
  pv: ExcelArg,
  fv?: ExcelArg,
  type?: ExcelArg,
): Dec {
  return PMT(rate, nper, pv, fv, type).minus(IPMT(rate, per, nper, pv, fv, type));
}

export function NPER(rate: ExcelArg, pmt: ExcelArg, pv: ExcelArg, fv?: ExcelArg, type?: ExcelArg): Dec {
  const r = num(rate);
  const payment = num(pmt);
  const present = num(pv);
  const future = num(fv, 0);
  const t = paymentType(type);
  if (r.isZero()) return present.plus(future).neg().div(payment);
  const numerator = payment.mul(ONE.plus(r.mul(t))).minus(future.mul(r));
  const denominator = present.mul(r).plus(payment.mul(ONE.plus(r.mul(t))));
  const ratio = numerator.div(denominator);
  if (ratio.lte(0)) throw new ExcelError("#NUM!");
  return ratio.ln().div(ONE.plus(r).ln());
}

/** RATE by Newton's method from `guess` (Excel's default 10 %), as Excel does; #NUM! if it will not converge. */
export function RATE(
  nper: ExcelArg,
  pmt: ExcelArg,
  pv: ExcelArg,
  fv?: ExcelArg,
  type?: ExcelArg,
  guess?: ExcelArg,
): Dec {
  const n = num(nper);
  const payment = num(pmt);
  const present = num(pv);
  const future = num(fv, 0);
  const t = paymentType(type);
  let rate = num(guess, 0.1);
  const epsilon = new D("1e-30");
  for (let iteration = 0; iteration < 200; iteration++) {
    const value = tvmEquation(rate, n, payment, present, future, t);
    const derivative = tvmEquation(rate.plus(epsilon.sqrt()), n, payment, present, future, t)
      .minus(value)
      .div(epsilon.sqrt());
    if (derivative.isZero()) break;
    const next = rate.minus(value.div(derivative));
    if (next.minus(rate).abs().lt(new D("1e-28"))) return next;
    rate = next;
    if (rate.lte(-1)) throw new ExcelError("#NUM!");
  }
  throw new ExcelError("#NUM!");
}

/** pv·(1+r)^n + pmt·(1+r·t)·((1+r)^n − 1)/r + fv: zero at the rate that balances the cash flows. */
function tvmEquation(rate: Dec, n: Dec, payment: Dec, present: Dec, future: Dec, t: 0 | 1): Dec {
  if (rate.isZero()) return present.plus(payment.mul(n)).plus(future);
  const growth = ONE.plus(rate).pow(n);
  return present
    .mul(growth)
    .plus(
      payment
        .mul(ONE.plus(rate.mul(t)))
        .mul(growth.minus(ONE))
        .div(rate),
    )
    .plus(future);
}

function cumulativeArgs(
  rate: ExcelArg,
  nper: ExcelArg,
  pv: ExcelArg,
  start: ExcelArg,
  end: ExcelArg,
  type: ExcelArg,
) {
  const r = num(rate);
  const n = num(nper);
  const present = num(pv);
  const first = num(start);
  const last = num(end);
  const t = num(type);
  if (r.lte(0) || n.lte(0) || present.lte(0)) throw new ExcelError("#NUM!");
  if (first.lt(1) || last.lt(1) || first.gt(last)) throw new ExcelError("#NUM!");
  if (!t.eq(0) && !t.eq(1)) throw new ExcelError("#NUM!");
  return { r, n, present, first: first.toNumber(), last: last.toNumber(), t: (t.eq(1) ? 1 : 0) as 0 | 1 };
}

export function CUMIPMT(
  rate: ExcelArg,
  nper: ExcelArg,
  pv: ExcelArg,
  start: ExcelArg,
  end: ExcelArg,
  type: ExcelArg,
): Dec {
  const { r, n, present, first, last, t } = cumulativeArgs(rate, nper, pv, start, end, type);
  const payment = PMT(r, n, present, 0, t);
  let interest = new D(0);
  let from = first;
  if (from === 1) {
    if (t === 0) interest = present.neg();
    from = 2;
  }
  for (let period = from; period <= last; period++) {
    interest = interest.plus(
      t === 1
        ? FV(r, period - 2, payment, present, 1).minus(payment)
        : FV(r, period - 1, payment, present, 0),
    );
  }
  return interest.mul(r);
}

export function CUMPRINC(
  rate: ExcelArg,
  nper: ExcelArg,
  pv: ExcelArg,
  start: ExcelArg,
  end: ExcelArg,
  type: ExcelArg,
): Dec {
  const { r, n, present, first, last, t } = cumulativeArgs(rate, nper, pv, start, end, type);
  const payment = PMT(r, n, present, 0, t);
  let principal = new D(0);
  let from = first;
  if (from === 1) {
    principal = t === 0 ? payment.plus(present.mul(r)) : payment;
    from = 2;
  }
  for (let period = from; period <= last; period++) {
    principal = principal.plus(
      t === 1
        ? payment.minus(
            FV(r, period - 2, payment, present, 1)
              .minus(payment)
              .mul(r),
          )
        : payment.minus(FV(r, period - 1, payment, present, 0).mul(r)),
    );
  }
  return principal;
}

export function ISPMT(rate: ExcelArg, per: ExcelArg, nper: ExcelArg, pv: ExcelArg): Dec {
  const r = num(rate);
  return num(pv)
    .mul(r)
    .mul(num(per).div(num(nper)).minus(1));
}

export const EXCEL_FUNCTIONS = { PMT, IPMT, PPMT, FV, PV, NPER, RATE, CUMIPMT, CUMPRINC, ISPMT } as const;
