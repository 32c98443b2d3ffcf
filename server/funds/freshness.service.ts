/**
 * Feed freshness, measured the two ways that mean something for daily NAVs: seconds since the last
 * successful fetch (alerting only inside a publishing window) and NAV-date lag in business days per
 * scheme class against its SEBI deadline. An alert is an audit event, the admin banner and a notification.
 */
import { queueEmail } from "../messaging/messages.service";
import { systemActor } from "../platform/actor";
import { type CommandContext, runCommand } from "../platform/unit-of-work";
import type { FundsDeps } from "./deps";
import { DEADLINES, expectedNavDate, inPublishingWindow, navStaleness } from "./domain/freshness";
import { SCHEME_CLASSES, type SchemeClass } from "./domain/scheme-facts";
import { AMFI_FEED } from "./fetch.service";
import { getFundSettings } from "./settings.service";

/** No successful fetch for this long inside a publishing window raises the alert (poll every 15 min + slack). */
export const FETCH_ALERT_SECONDS = 20 * 60;
/** Schemes whose NAV is this far behind the newest NAV in the file are treated as closed, not late. */
const ACTIVE_WINDOW_DAYS = 30;

export interface ClassFreshness {
  schemeClass: SchemeClass;
  deadline: string;
  expectedNavDate: string;
  newestNavDate: string | null;
  lagBusinessDays: number | null;
  activeSchemes: number;
  staleSchemes: number;
}

export interface FreshnessReport {
  now: Date;
  inPublishingWindow: boolean;
  lastFetchAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  fetchAgeSeconds: number | null;
  classes: ClassFreshness[];
  alerts: string[];
  alertActive: boolean;
  alertMessage: string | null;
  alertRaisedAt: Date | null;
}

export async function freshnessReport(deps: Pick<FundsDeps, "db" | "clock">): Promise<FreshnessReport> {
  const now = deps.clock.now();
  const settings = await getFundSettings(deps.db, { maxAgeMs: 30_000 });
  const holidays = new Set(settings.holidays);
  const state = await deps.db.fundFeedState.findUnique({ where: { feed: AMFI_FEED } });
  const groups = await deps.db.$queryRaw<{ scheme_class: string; nav_date: string; schemes: number }[]>`
    WITH newest AS (SELECT max(latest_nav_date) AS d FROM fund_scheme)
    SELECT scheme_class, to_char(latest_nav_date, 'YYYY-MM-DD') AS nav_date, count(*)::int AS schemes
    FROM fund_scheme, newest
    WHERE latest_nav_date >= newest.d - ${ACTIVE_WINDOW_DAYS}::int
    GROUP BY 1, 2`;
  const classes = SCHEME_CLASSES.map((schemeClass): ClassFreshness => {
    const expected = expectedNavDate(schemeClass, now, holidays);
    const mine = groups.filter((g) => g.scheme_class === schemeClass);
    const newest = mine.reduce<string | null>(
      (max, g) => (max === null || g.nav_date > max ? g.nav_date : max),
      null,
    );
    return {
      schemeClass,
      deadline: DEADLINES[schemeClass].label,
      expectedNavDate: expected,
      newestNavDate: newest,
      lagBusinessDays: newest ? navStaleness(schemeClass, newest, now, holidays).lagBusinessDays : null,
      activeSchemes: mine.reduce((sum, g) => sum + g.schemes, 0),
      staleSchemes: mine.filter((g) => g.nav_date < expected).reduce((sum, g) => sum + g.schemes, 0),
    };
  });
  const fetchAgeSeconds = state?.lastSuccessAt
    ? Math.max(0, Math.round((now.getTime() - state.lastSuccessAt.getTime()) / 1000))
    : null;
  const window = inPublishingWindow(now);
  const alerts: string[] = [];
  if (window && (fetchAgeSeconds === null || fetchAgeSeconds > FETCH_ALERT_SECONDS)) {
    alerts.push(
      fetchAgeSeconds === null
        ? "No successful NAV fetch yet during a publishing window."
        : `No successful NAV fetch for ${Math.round(fetchAgeSeconds / 60)} minutes during a publishing window${state?.lastError ? ` (last error: ${state.lastError})` : ""}.`,
    );
  }
  for (const c of classes) {
    if (c.lagBusinessDays !== null && c.lagBusinessDays > 0) {
      alerts.push(
        `${c.schemeClass} schemes: newest NAV is for ${c.newestNavDate}, ${c.lagBusinessDays} business day(s) behind ${c.expectedNavDate} (deadline ${c.deadline}).`,
      );
    }
  }
  return {
    now,
    inPublishingWindow: window,
    lastFetchAt: state?.lastFetchAt ?? null,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastError: state?.lastError ?? null,
    fetchAgeSeconds,
    classes,
    alerts,
    alertActive: state?.alertActive ?? false,
    alertMessage: state?.alertMessage ?? null,
    alertRaisedAt: state?.alertRaisedAt ?? null,
  };
}

/** Raises or clears the freshness alert when the situation changes (scheduled every 5 minutes). */
export async function checkFreshness(deps: FundsDeps, ctx?: CommandContext) {
  const report = await freshnessReport(deps);
  const shouldAlert = report.alerts.length > 0;
  const message = report.alerts.join(" ") || null;
  if (shouldAlert === report.alertActive && (!shouldAlert || message === report.alertMessage)) {
    return { changed: false, alertActive: report.alertActive };
  }
  const settings = await getFundSettings(deps.db);
  const context = ctx ?? {
    actor: systemActor("nav-freshness"),
    correlationId: `nav-freshness-${Date.now()}`,
    ip: null,
    clock: deps.clock,
  };
  await runCommand(deps, context, async (uow) => {
    const { tx, audit, now } = uow;
    const raising = shouldAlert && !report.alertActive;
    await tx.fundFeedState.upsert({
      where: { feed: AMFI_FEED },
      create: {
        feed: AMFI_FEED,
        alertActive: shouldAlert,
        alertMessage: message,
        alertRaisedAt: shouldAlert ? now : null,
      },
      update: {
        alertActive: shouldAlert,
        alertMessage: message,
        ...(raising ? { alertRaisedAt: now } : {}),
        ...(!shouldAlert ? { alertRaisedAt: null } : {}),
      },
    });
    audit({
      action: shouldAlert
        ? raising
          ? "funds.freshness_alert_raised"
          : "funds.freshness_alert_changed"
        : "funds.freshness_alert_cleared",
      entityType: "fund_feed",
      entityId: AMFI_FEED,
      before: { alertActive: report.alertActive, message: report.alertMessage },
      after: { alertActive: shouldAlert, message },
    });
    if (raising) {
      await queueEmail(uow, {
        to: settings.alertEmail ?? "nav-ops@flux.example",
        template: "funds.freshness_alert",
        subject: "Flux: NAV feed freshness alert",
        text: `${message}\n\nSee Admin → Funds → Freshness.`,
      });
    }
  });
  return { changed: true, alertActive: shouldAlert };
}

/** Prometheus lines for /api/metrics. */
export async function freshnessMetrics(deps: Pick<FundsDeps, "db" | "clock">): Promise<string> {
  const report = await freshnessReport(deps);
  const lines = [
    "# HELP flux_funds_nav_fetch_age_seconds Seconds since the last successful NAV fetch (-1: never)",
    "# TYPE flux_funds_nav_fetch_age_seconds gauge",
    `flux_funds_nav_fetch_age_seconds ${report.fetchAgeSeconds ?? -1}`,
    "# HELP flux_funds_nav_publishing_window 1 inside an AMFI publishing window",
    "# TYPE flux_funds_nav_publishing_window gauge",
    `flux_funds_nav_publishing_window ${report.inPublishingWindow ? 1 : 0}`,
    "# HELP flux_funds_nav_date_lag_business_days Business days the newest NAV of a scheme class is behind its SEBI deadline",
    "# TYPE flux_funds_nav_date_lag_business_days gauge",
    ...report.classes.map(
      (c) => `flux_funds_nav_date_lag_business_days{class="${c.schemeClass}"} ${c.lagBusinessDays ?? -1}`,
    ),
    "# HELP flux_funds_stale_schemes Active schemes whose NAV date is behind the expected date",
    "# TYPE flux_funds_stale_schemes gauge",
    ...report.classes.map((c) => `flux_funds_stale_schemes{class="${c.schemeClass}"} ${c.staleSchemes}`),
    "# HELP flux_funds_freshness_alert 1 while the NAV freshness alert is raised",
    "# TYPE flux_funds_freshness_alert gauge",
    `flux_funds_freshness_alert ${report.alertActive ? 1 : 0}`,
  ];
  return lines.join("\n");
}
