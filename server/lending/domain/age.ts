/** Completed years between a YYYY-MM-DD birth date and an instant, on the calendar in India (IST). */
export function ageInIst(dateOfBirth: string, at: Date): number {
  const ist = new Date(at.getTime() + 330 * 60_000);
  const [y, m, d] = dateOfBirth.split("-").map(Number) as [number, number, number];
  let age = ist.getUTCFullYear() - y;
  const month = ist.getUTCMonth() + 1;
  if (month < m || (month === m && ist.getUTCDate() < d)) age -= 1;
  return age;
}
