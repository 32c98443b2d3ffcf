/** The NAV pipeline's settings (one row) and the scheme set-up done by admins. */
import { z } from "zod";
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import type { FundsDeps } from "./deps";

export interface FundSettings {
  sourceKind: "url" | "folder";
  sourceUrl: string | null;
  dropFolder: string | null;
  pollEnabled: boolean;
  jumpThresholdBps: number;
  futureWindowDays: number;
  holidays: string[];
  alertEmail: string | null;
}

type SettingsDb = Pick<FundsDeps, "db">["db"];

const cache = new WeakMap<object, { at: number; value: FundSettings }>();

export async function getFundSettings(
  db: SettingsDb,
  options: { maxAgeMs?: number } = {},
): Promise<FundSettings> {
  const cached = cache.get(db);
  if (cached && Date.now() - cached.at < (options.maxAgeMs ?? 0)) return cached.value;
  // The migration inserts the row; create it only if someone deleted it (reads stay reads).
  const row =
    (await db.fundSetting.findUnique({ where: { id: 1 } })) ??
    (await db.fundSetting.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }));
  const value: FundSettings = {
    sourceKind: row.sourceKind === "folder" ? "folder" : "url",
    sourceUrl: row.sourceUrl,
    dropFolder: row.dropFolder,
    pollEnabled: row.pollEnabled,
    jumpThresholdBps: row.jumpThresholdBps,
    futureWindowDays: row.futureWindowDays,
    holidays: row.holidays,
    alertEmail: row.alertEmail,
  };
  cache.set(db, { at: Date.now(), value });
  return value;
}

export function defaultSourceUrl(sandboxUrl: string | undefined): string {
  return `${sandboxUrl ?? "http://127.0.0.1:4010"}/amfi/NAVAll.txt`;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

export const fundSettingsInput = z.object({
  sourceKind: z.enum(["url", "folder"]),
  sourceUrl: z
    .string()
    .trim()
    .max(500)
    .refine((value) => value === "" || /^https?:\/\/\S+$/.test(value), "Enter an http(s) URL")
    .transform((value) => value || null),
  dropFolder: z
    .string()
    .trim()
    .max(500)
    .transform((value) => value || null),
  pollEnabled: z.boolean(),
  jumpThresholdBps: z.number().int().min(10, "At least 10 bps").max(100_000),
  futureWindowDays: z.number().int().min(0).max(7),
  holidays: z.array(isoDate).max(200),
  alertEmail: z
    .string()
    .trim()
    .max(200)
    .refine((value) => value === "" || /^\S+@\S+\.\S+$/.test(value), "Enter an email address")
    .transform((value) => value || null),
});
export type FundSettingsInput = z.output<typeof fundSettingsInput>;

export async function updateFundSettings(
  deps: Pick<FundsDeps, "db">,
  ctx: CommandContext,
  input: FundSettingsInput,
) {
  const parsed = input;
  if (parsed.sourceKind === "folder" && !parsed.dropFolder) {
    throw new AppError("BAD_REQUEST", "Give the drop folder the poller should read.", {
      details: { field: "dropFolder" },
    });
  }
  const result = await runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const before = await tx.fundSetting.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
    const after = await tx.fundSetting.update({
      where: { id: 1 },
      data: { ...parsed, holidays: [...new Set(parsed.holidays)].sort(), updatedAt: now },
    });
    const { updatedAt: _b, ...beforeView } = before;
    const { updatedAt: _a, ...afterView } = after;
    audit({
      action: "funds.settings_changed",
      entityType: "fund_setting",
      entityId: "1",
      before: beforeView,
      after: afterView,
    });
    return afterView;
  });
  cache.delete(deps.db);
  return result;
}

export const schemeSetupInput = z.object({
  code: z.number().int().positive(),
  riskLevel: z.number().int().min(1).max(6),
  minInvestmentPaise: z.bigint().min(0n).max(10_000_000_000n).nullable(),
  maxInvestmentPaise: z.bigint().min(0n).max(100_000_000_000n).nullable(),
  cutoffOverride: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour, IST)")
    .nullable(),
});
export type SchemeSetupInput = z.infer<typeof schemeSetupInput>;

export async function updateSchemeSetup(
  deps: Pick<FundsDeps, "db">,
  ctx: CommandContext,
  input: SchemeSetupInput,
) {
  const parsed = schemeSetupInput.parse(input);
  if (
    parsed.minInvestmentPaise !== null &&
    parsed.maxInvestmentPaise !== null &&
    parsed.maxInvestmentPaise < parsed.minInvestmentPaise
  ) {
    throw new AppError("BAD_REQUEST", "The maximum investment must not be below the minimum.", {
      details: { field: "maxInvestmentPaise" },
    });
  }
  return runCommand(deps, ctx, async ({ tx, audit, now }) => {
    const select = {
      code: true,
      riskLevel: true,
      minInvestmentPaise: true,
      maxInvestmentPaise: true,
      cutoffOverride: true,
    } as const;
    const before = await tx.fundScheme.findUnique({ where: { code: parsed.code }, select });
    if (!before) throw new AppError("NOT_FOUND", `There is no scheme with code ${parsed.code}.`);
    const after = await tx.fundScheme.update({
      where: { code: parsed.code },
      data: {
        riskLevel: parsed.riskLevel,
        riskLevelSetByAdmin: true,
        minInvestmentPaise: parsed.minInvestmentPaise,
        maxInvestmentPaise: parsed.maxInvestmentPaise,
        cutoffOverride: parsed.cutoffOverride,
        updatedAt: now,
      },
      select,
    });
    audit({
      action: "funds.scheme_setup_changed",
      entityType: "fund_scheme",
      entityId: String(parsed.code),
      before,
      after,
    });
    return after;
  });
}
