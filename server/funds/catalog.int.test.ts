/**
 * Catalog, scheme page, held-NAV review, settings and the drop-folder source, against real PostgreSQL and
 * Redis with the seeded scheme master and NAV history.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedFunds } from "@/prisma/seed/funds";
import { createTestStack } from "@/test/int/harness";
import { systemActor } from "../platform/actor";
import { fixedClock } from "../platform/clock";
import { getSchemePage, listCatalog } from "./catalog.service";
import type { FundsDeps } from "./deps";
import { pollNavSource } from "./fetch.service";
import { decideHeldNav, listHeldNavs } from "./held.service";
import { ingestRun, receiveNavFile } from "./ingest.service";
import { navCacheKey } from "./nav-cache";
import { getLatestNav } from "./nav-read.service";
import { fundSettingsInput, updateFundSettings, updateSchemeSetup } from "./settings.service";

const stack = await createTestStack("fundscatalog");
await seedFunds(stack.db);
// Wednesday 3 Dec 2025, 20:00 IST: the history files end on 2 or 3 Dec 2025.
const clock = fixedClock("2025-12-03T14:30:00Z");
const deps: FundsDeps = { db: stack.db, redis: stack.redis, redisPrefix: stack.prefix, clock };
const ctx = { actor: systemActor("test"), correlationId: "funds-catalog-test", ip: null, clock };
const DATA = path.resolve(import.meta.dirname, "../../../shared/data/amfi");

describe("fund catalog", () => {
  it("searches by name, AMC and ISIN and filters by plan, option, category and risk", async () => {
    const base = { page: 1, pageSize: 50, withNavOnly: true };
    const byName = await listCatalog(deps, { ...base, query: "parag parikh flexi" });
    expect(byName.items.map((i) => i.code).sort()).toEqual([122640]);
    const byIsin = await listCatalog(deps, { ...base, withNavOnly: false, query: "inf879o01027" });
    expect(byIsin.items.map((i) => i.code)).toEqual([122639]);
    const byAmc = await listCatalog(deps, { ...base, query: "PPFAS Mutual Fund" });
    expect(byAmc.total).toBeGreaterThan(0);
    expect(byAmc.items.every((i) => i.amc === "PPFAS Mutual Fund")).toBe(true);
    const directGrowth = await listCatalog(deps, { ...base, plan: "direct", option: "growth" });
    expect(directGrowth.items.every((i) => i.plan === "direct" && i.option === "growth")).toBe(true);
    const flexi = await listCatalog(deps, {
      ...base,
      category: "Equity Scheme - Flexi Cap Fund",
      riskLevel: 6,
    });
    expect(flexi.items.length).toBeGreaterThan(0);
    expect(
      flexi.items.every((i) => i.category === "Equity Scheme - Flexi Cap Fund" && i.riskLevel === 6),
    ).toBe(true);
    // Every row carries its NAV date; a scheme whose history stops early is stale.
    const item = byName.items[0]!;
    expect(item.nav).toMatch(/^\d+(\.\d+)?$/);
    expect(item.navDate).toMatch(/^2025-12-0[23]$/);
    const all = await listCatalog(deps, { ...base, pageSize: 100 });
    expect(all.total).toBe(97);
  });

  it("builds the scheme page: history, returns (absolute, CAGR, not enough history), facts", async () => {
    const page = await getSchemePage(deps, 122640);
    expect(page.history.length).toBeGreaterThan(2_000);
    expect(page.minInvestmentPaise).toBe(100_000n);
    expect(page.returns.map((r) => r.kind)).toEqual(["absolute", "absolute", "absolute", "cagr", "cagr"]);
    const young = (await listCatalog(deps, { page: 1, pageSize: 100, withNavOnly: true })).items
      .map((i) => i.code)
      .sort((a, b) => b - a)[0]!;
    const youngPage = await getSchemePage(deps, young);
    expect(youngPage.returns.find((r) => r.period === "5Y")).toMatchObject({
      kind: "not_enough_history",
      percent: null,
    });
    await expect(getSchemePage(deps, 999_999_998)).rejects.toThrow(/no scheme/);
  });

  it("publishes a held NAV on approval (database, cache); a second decision is refused", async () => {
    const latest = await getLatestNav(deps, 122640);
    const jumped = (Number(latest!.nav) * 1.5).toFixed(4);
    const header =
      "Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Net Asset Value;Date";
    const received = await receiveNavFile(deps, ctx, {
      content: Buffer.from(
        `${header}\r\nPPFAS Mutual Fund\r\n122640;INF879O01019;-;Parag Parikh Flexi Cap Fund - Regular Plan - Growth;${jumped};04-Dec-2025\r\n`,
      ),
      fileName: "jump.txt",
      source: "upload",
    });
    await ingestRun(deps, ctx, (received as { runId: string }).runId);
    const [held] = await listHeldNavs(deps, { status: "PENDING" });
    expect(held).toMatchObject({ schemeCode: 122640, navDate: "2025-12-04", jumpBps: 5_000 });
    expect((await getLatestNav(deps, 122640))?.navDate).toBe(latest!.navDate);

    await decideHeldNav(deps, ctx, { id: held!.id, decision: "APPROVED" });
    expect(await getLatestNav(deps, 122640)).toMatchObject({ navDate: "2025-12-04", source: "cache" });
    expect(JSON.parse((await stack.redis.get(navCacheKey(stack.prefix, 122640)))!).navDate).toBe(
      "2025-12-04",
    );
    await expect(decideHeldNav(deps, ctx, { id: held!.id, decision: "REJECTED" })).rejects.toThrow(
      /already been reviewed/,
    );
    expect(await stack.db.auditEvent.count({ where: { action: "funds.held_nav_approved" } })).toBe(1);
  });

  it("validates settings and scheme set-up, audited", async () => {
    expect(
      fundSettingsInput.safeParse({
        sourceKind: "url",
        sourceUrl: "ftp://nope",
        dropFolder: "",
        pollEnabled: true,
        jumpThresholdBps: 2_000,
        futureWindowDays: 1,
        holidays: ["2025-12-25"],
        alertEmail: "",
      }).success,
    ).toBe(false);
    await expect(
      updateSchemeSetup(deps, ctx, {
        code: 122640,
        riskLevel: 5,
        minInvestmentPaise: 100_000n,
        maxInvestmentPaise: 50_000n,
        cutoffOverride: null,
      }),
    ).rejects.toThrow(/maximum investment must not be below the minimum/);
    await updateSchemeSetup(deps, ctx, {
      code: 122640,
      riskLevel: 5,
      minInvestmentPaise: 100_000n,
      maxInvestmentPaise: 20_000_000n,
      cutoffOverride: "13:30",
    });
    const page = await getSchemePage(deps, 122640);
    expect(page).toMatchObject({ riskLevel: 5, maxInvestmentPaise: 20_000_000n, cutoffOverride: "13:30" });
  });

  it("polls a drop folder and ingests the August 2026 8-field layout", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "flux-nav-drop-"));
    writeFileSync(
      path.join(folder, "NAVAll_2026-08-21.txt"),
      readFileSync(path.join(DATA, "NAVAll_8field_excerpt_2026-08-21.txt")),
    );
    const august = fixedClock("2026-08-21T18:00:00Z");
    const augustDeps = { ...deps, clock: august };
    await updateFundSettings(deps, ctx, {
      sourceKind: "folder",
      sourceUrl: null,
      dropFolder: folder,
      pollEnabled: true,
      jumpThresholdBps: 100_000,
      futureWindowDays: 1,
      holidays: [],
      alertEmail: null,
    });
    const outcome = await pollNavSource(augustDeps, { force: true });
    expect(outcome.results.map((r) => r.status)).toEqual(["queued"]);
    const run = await ingestRun(
      augustDeps,
      { ...ctx, clock: august },
      (outcome.results[0] as { runId: string }).runId,
    );
    expect(run.status).toBe("SUCCEEDED");
    const row = await stack.db.fundIngestRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(row).toMatchObject({
      layout: "8-field",
      rowsTotal: 25,
      accepted: 25,
      quarantined: 0,
      source: "folder",
    });
    expect(await getLatestNav(augustDeps, 119551)).toMatchObject({ nav: "106.8821", navDate: "2026-08-21" });
    // The same folder polled again: nothing new.
    expect((await pollNavSource(augustDeps, { force: true })).results.map((r) => r.status)).toEqual([
      "duplicate",
    ]);
  });
});
