import { describe, expect, it } from "vitest";
import { fixedClock, istDate, offsetClock } from "./clock";

describe("clocks", () => {
  it("moves a fixed clock only when told", () => {
    const clock = fixedClock("2026-11-22T09:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-11-22T09:00:00.000Z");
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe("2026-11-22T09:01:30.000Z");
  });

  it("adds an offset to a base clock", () => {
    const base = fixedClock("2026-11-22T09:00:00Z");
    expect(
      offsetClock(() => 86_400_000, base)
        .now()
        .toISOString(),
    ).toBe("2026-11-23T09:00:00.000Z");
  });

  it.each([
    ["2026-11-22T18:29:59Z", "2026-11-22"],
    ["2026-11-22T18:30:00Z", "2026-11-23"],
    ["2026-03-31T20:00:00Z", "2026-04-01"],
  ])("the IST date at %s is %s", (instant, date) => {
    expect(istDate(new Date(instant))).toBe(date);
  });
});
