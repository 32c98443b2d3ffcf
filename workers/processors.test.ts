import { describe, expect, it } from "vitest";
import { JOB_CONTRACTS } from "@/server/jobs";
import { QUEUE_NAMES } from "@/server/platform/queues/queue-names";
import { PROCESSORS, SCHEDULES } from "./processors";

describe("job contracts and processors", () => {
  it("has exactly one processor for every contract", () => {
    const processed = PROCESSORS.map((processor) => processor.contract.name).sort();
    expect(processed).toEqual(JOB_CONTRACTS.map((contract) => contract.name).sort());
    expect(new Set(processed).size).toBe(processed.length);
  });

  it("puts every job on a known queue with bounded retries and a removal policy", () => {
    for (const contract of JOB_CONTRACTS) {
      expect(QUEUE_NAMES).toContain(contract.queue);
      expect(contract.options.attempts).toBeGreaterThanOrEqual(1);
      expect(contract.options.attempts).toBeLessThanOrEqual(10);
      expect(contract.options.removeOnComplete).toBeTruthy();
      expect(contract.options.removeOnFail).toBeTruthy();
    }
  });

  it("schedules only known, payload-free maintenance jobs", () => {
    for (const schedule of SCHEDULES) {
      expect(JOB_CONTRACTS).toContain(schedule.contract);
      expect(schedule.contract.payload.safeParse({}).success).toBe(true);
    }
  });
});
