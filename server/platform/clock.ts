/**
 * Injectable time. Domain code takes time as a parameter; services take a Clock.
 * The business clock adds an offset (set by admins in test environments) so tests can time-travel.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  at: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set(next) {
      current = new Date(next);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export function offsetClock(offsetMs: () => number, base: Clock = systemClock): Clock {
  return { now: () => new Date(base.now().getTime() + offsetMs()) };
}

const IST_OFFSET_MS = 330 * 60 * 1000;

/** The calendar date in India (IST, UTC+05:30) at an instant, as YYYY-MM-DD. */
export function istDate(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}
