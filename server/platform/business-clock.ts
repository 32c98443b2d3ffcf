/**
 * The business clock: wall-clock time plus an offset stored in platform_setting ("clock.offsetMs"),
 * shared by web and workers. Lets test environments time-travel (expire a code, reach a due date)
 * without touching the machine's clock. Production refuses a non-zero offset unless enabled.
 */
import type { Clock } from "./clock";
import type { Db } from "./db/client";
import { AppError } from "./errors";
import { type CommandContext, runCommand } from "./unit-of-work";

export const CLOCK_OFFSET_KEY = "clock.offsetMs";
const REFRESH_MS = 2_000;

export interface BusinessClock extends Clock {
  offsetMs(): number;
  /** Re-reads the offset now (tests, and right after an admin changes it). */
  refresh(): Promise<void>;
}

export function createBusinessClock(db: Db): BusinessClock {
  let offset = 0;
  let loadedAt = 0;
  let loading: Promise<void> | null = null;
  const refresh = async () => {
    const row = await db.platformSetting.findUnique({ where: { key: CLOCK_OFFSET_KEY } }).catch(() => null);
    offset = typeof row?.value === "number" ? row.value : 0;
    loadedAt = Date.now();
  };
  const maybeRefresh = () => {
    if (Date.now() - loadedAt > REFRESH_MS && !loading) {
      loading = refresh().finally(() => {
        loading = null;
      });
    }
  };
  return {
    now() {
      maybeRefresh();
      return new Date(Date.now() + offset);
    },
    offsetMs: () => offset,
    refresh,
  };
}

/** Moves the business clock (audited). Refused unless time travel is allowed for this stack. */
export async function setClockOffset(
  deps: { db: Db; clock: BusinessClock; allowTimeTravel: boolean },
  ctx: CommandContext,
  offsetMs: number,
): Promise<{ offsetMs: number }> {
  if (!deps.allowTimeTravel) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "Time travel is switched off on this stack (ALLOW_TIME_TRAVEL).",
    );
  }
  await runCommand(deps, ctx, async ({ tx, audit }) => {
    const before = await tx.platformSetting.findUnique({ where: { key: CLOCK_OFFSET_KEY } });
    await tx.platformSetting.upsert({
      where: { key: CLOCK_OFFSET_KEY },
      create: { key: CLOCK_OFFSET_KEY, value: offsetMs },
      update: { value: offsetMs },
    });
    audit({
      action: "ops.clock_moved",
      entityType: "setting",
      entityId: CLOCK_OFFSET_KEY,
      before: { offsetMs: before?.value ?? 0 },
      after: { offsetMs },
    });
  });
  await deps.clock.refresh();
  return { offsetMs };
}
