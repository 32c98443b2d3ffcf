/** Review of NAVs held for a jump beyond the threshold: approve (publish) or reject (discard), audited. */
import { AppError } from "../platform/errors";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import type { FundsDeps } from "./deps";
import type { SchemeClass } from "./domain/scheme-facts";
import { type CachedNav, normaliseNavText, publishNavBroadcast, writeNavCache } from "./nav-cache";
import { getFundSettings } from "./settings.service";

export async function listHeldNavs(
  deps: Pick<FundsDeps, "db">,
  filter: { status: "PENDING" | "APPROVED" | "REJECTED" },
) {
  const rows = await deps.db.fundHeldNav.findMany({
    where: { status: filter.status },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const schemes = await deps.db.fundScheme.findMany({
    where: { code: { in: rows.map((r) => r.schemeCode) } },
    select: { code: true, name: true, amc: true },
  });
  const byCode = new Map(schemes.map((s) => [s.code, s]));
  return rows.map((row) => ({
    id: row.id,
    runId: row.runId,
    schemeCode: row.schemeCode,
    schemeName: byCode.get(row.schemeCode)?.name ?? String(row.schemeCode),
    amc: byCode.get(row.schemeCode)?.amc ?? null,
    navDate: row.navDate.toISOString().slice(0, 10),
    nav: normaliseNavText(row.nav.toFixed()),
    previousNav: normaliseNavText(row.previousNav.toFixed()),
    previousNavDate: row.previousNavDate.toISOString().slice(0, 10),
    jumpBps: row.jumpBps,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
  }));
}

export async function decideHeldNav(
  deps: FundsDeps,
  ctx: CommandContext,
  input: { id: string; decision: "APPROVED" | "REJECTED" },
) {
  const settings = await getFundSettings(deps.db);
  return runCommand(deps, ctx, async ({ tx, audit, now, afterCommit }) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM fund_held_nav WHERE id = ${input.id}::uuid AND status = 'PENDING' FOR UPDATE`;
    if (!locked.length)
      throw new AppError("CONFLICT", "This NAV has already been reviewed (or does not exist).");
    const held = await tx.fundHeldNav.update({
      where: { id: input.id },
      data: { status: input.decision, decidedBy: ctx.actor.auditId, decidedAt: now },
    });
    const navText = held.nav.toFixed();
    const navDate = held.navDate.toISOString().slice(0, 10);
    let published: CachedNav | null = null;
    if (input.decision === "APPROVED") {
      await tx.$executeRaw`
        INSERT INTO fund_nav (scheme_code, nav_date, nav, ingest_run_id, created_at, updated_at)
        VALUES (${held.schemeCode}, ${navDate}::date, ${navText}::numeric, ${held.runId}::uuid, ${now}, ${now})
        ON CONFLICT (scheme_code, nav_date) DO UPDATE SET nav = EXCLUDED.nav, updated_at = EXCLUDED.updated_at`;
      const moved = await tx.$queryRaw<{ scheme_class: string }[]>`
        UPDATE fund_scheme SET latest_nav = ${navText}::numeric, latest_nav_date = ${navDate}::date, updated_at = ${now}
        WHERE code = ${held.schemeCode} AND (latest_nav_date IS NULL OR latest_nav_date <= ${navDate}::date)
        RETURNING scheme_class`;
      if (moved[0]) {
        published = {
          schemeCode: held.schemeCode,
          nav: normaliseNavText(navText),
          navDate,
          schemeClass: moved[0].scheme_class as SchemeClass,
        };
      }
    }
    audit({
      action: input.decision === "APPROVED" ? "funds.held_nav_approved" : "funds.held_nav_rejected",
      entityType: "fund_scheme",
      entityId: String(held.schemeCode),
      data: {
        heldId: held.id,
        navDate,
        nav: navText,
        previousNav: held.previousNav.toFixed(),
        jumpBps: held.jumpBps,
      },
    });
    if (published) {
      const nav = published;
      afterCommit(async () => {
        await writeNavCache(deps.redis, deps.redisPrefix, [nav], now, new Set(settings.holidays));
        await publishNavBroadcast(deps.redis, deps.redisPrefix, {
          runId: held.runId,
          navs: [[nav.schemeCode, nav.nav, nav.navDate]],
        });
      });
    }
    return { id: held.id, status: held.status };
  });
}
