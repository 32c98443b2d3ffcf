/** ISIN structure (ISO 6166): 2-letter country, 9 alphanumerics, 1 check digit (Luhn over letters as numbers). */

const ISIN_SHAPE = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;

export function isinCheckDigit(first11: string): number {
  const digits = [...first11]
    .map((char) => (/[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55)))
    .join("");
  let sum = 0;
  // Luhn: double every second digit from the right of the payload (the check digit is appended after).
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export type IsinCheck = { ok: true; isin: string } | { ok: false; reason: "shape" | "check_digit" };

export function checkIsin(value: string): IsinCheck {
  const isin = value.trim().toUpperCase();
  if (!ISIN_SHAPE.test(isin)) return { ok: false, reason: "shape" };
  if (isinCheckDigit(isin.slice(0, 11)) !== Number(isin[11])) return { ok: false, reason: "check_digit" };
  return { ok: true, isin };
}
