/**
 * The in-process rules runtime: compiled ZEN decisions cached per version (published versions never
 * change, drafts are keyed by their content hash), and the current published version cached until a
 * publish says otherwise. A publish is announced on Redis pub/sub (`<prefix>:lending-rules:published`);
 * every web and worker process subscribes and drops its current-version cache at once, then reloads in
 * the background, so the next evaluation anywhere uses the new version with no restart. As a safety net
 * the cache also expires (10 s while subscribed, 2 s while the subscription is down), so a message lost
 * with a Redis outage heals itself.
 */
import { type ZenDecision, ZenEngine } from "@gorules/zen-engine";
import type { Redis } from "ioredis";
import type { Db } from "../../platform/db/client";
import { logger } from "../../platform/logger";
import { checkDecisionModel, type DecisionModel, factFieldsUsed, lendersInModel } from "./domain/jdm";

export interface CompiledVersion {
  id: string;
  version: number;
  status: string;
  contentHash: string;
  model: DecisionModel;
  decision: ZenDecision;
  lenders: string[];
  /** Fact fields the tables read; evaluation passes only these to the engine. */
  fields: string[];
}

export interface RulesRuntimeDeps {
  db: Db;
  redis?: Redis;
  redisPrefix?: string;
}

export function publishChannel(redisPrefix: string): string {
  return `${redisPrefix}:lending-rules:published`;
}

const MAX_COMPILED = 64;

export class RulesRuntime {
  private readonly engine = new ZenEngine();
  private readonly compiled = new Map<string, CompiledVersion>();
  private current: { value: CompiledVersion; loadedAt: number } | null = null;
  private loading: Promise<CompiledVersion> | null = null;
  private subscriber: Redis | null = null;
  private subscribed = false;
  private everSubscribed = false;
  private generation = 0;
  /** Count of publish messages received (observability and tests). */
  notifications = 0;
  private readonly listeners = new Set<(versionId: string) => void>();

  constructor(
    private readonly deps: RulesRuntimeDeps,
    private readonly options: { subscribedTtlMs?: number; unsubscribedTtlMs?: number } = {},
  ) {}

  /** Subscribes to publish announcements (idempotent). Resolves once the subscription is active. */
  async start(): Promise<void> {
    if (this.subscriber || !this.deps.redis || this.deps.redisPrefix === undefined) return;
    const channel = publishChannel(this.deps.redisPrefix);
    const subscriber = this.deps.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    subscriber.on("error", () => undefined);
    this.subscriber = subscriber;
    subscriber.on("message", (received, message) => {
      if (received !== channel) return;
      this.notifications += 1;
      let versionId = "";
      try {
        versionId = String((JSON.parse(message) as { versionId?: string }).versionId ?? "");
      } catch {
        // a malformed message still invalidates
      }
      this.invalidate();
      void this.currentVersion().catch(() => undefined);
      for (const listener of this.listeners) listener(versionId);
    });
    // While the connection is down we may miss a publish: fall back to the short TTL, and after the
    // reconnect (ioredis re-subscribes by itself) start from the database again.
    subscriber.on("close", () => {
      this.subscribed = false;
    });
    subscriber.on("ready", () => {
      if (!this.everSubscribed) return;
      this.subscribed = true;
      this.invalidate();
    });
    await subscriber.subscribe(channel);
    this.subscribed = true;
    this.everSubscribed = true;
    // A publish between an earlier load and this subscription would otherwise wait for the TTL.
    this.invalidate();
  }

  onPublish(listener: (versionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    this.subscribed = false;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  isSubscribed(): boolean {
    return this.subscribed;
  }

  /** Drops the current-version cache (compiled decisions stay: versions are immutable). */
  invalidate(): void {
    this.generation += 1;
    this.current = null;
    this.loading = null;
  }

  /** Announces a publish to every process (called after the publishing transaction commits). */
  async announce(versionId: string, version: number): Promise<void> {
    this.invalidate();
    if (this.deps.redis && this.deps.redisPrefix !== undefined)
      await this.deps.redis.publish(
        publishChannel(this.deps.redisPrefix),
        JSON.stringify({ versionId, version }),
      );
  }

  private ttl(): number {
    return this.subscribed
      ? (this.options.subscribedTtlMs ?? 10_000)
      : (this.options.unsubscribedTtlMs ?? 2_000);
  }

  /** The published version new applications use. */
  async currentVersion(): Promise<CompiledVersion> {
    if (!this.subscriber && this.deps.redis) void this.start().catch(() => undefined);
    const cached = this.current;
    if (cached && Date.now() - cached.loadedAt < this.ttl()) return cached.value;
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = (async () => {
      const row = await this.deps.db.lendingRuleVersion.findFirst({
        where: { status: "PUBLISHED" },
        orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
        select: { id: true, version: true, status: true, content: true, contentHash: true },
      });
      if (!row) throw new NoPublishedRulesError();
      const value = this.compile(row);
      if (generation === this.generation) this.current = { value, loadedAt: Date.now() };
      return value;
    })();
    this.loading = loading;
    try {
      return await loading;
    } finally {
      if (this.loading === loading) this.loading = null;
    }
  }

  /** A specific version (any status: drafts are compiled for simulation and try-it). */
  async versionById(id: string): Promise<CompiledVersion | null> {
    const row = await this.deps.db.lendingRuleVersion.findUnique({
      where: { id },
      select: { id: true, version: true, status: true, content: true, contentHash: true },
    });
    return row ? this.compile(row) : null;
  }

  /** Compiles (or returns from cache) a version row. Throws DecisionModelError for a bad model. */
  compile(row: { id: string; version: number; status: string; content: unknown; contentHash: string }) {
    const key = `${row.id}:${row.contentHash}`;
    const hit = this.compiled.get(key);
    if (hit) {
      if (hit.status !== row.status) hit.status = row.status;
      return hit;
    }
    const model = checkDecisionModel(row.content);
    const decision = this.engine.createDecision(model as unknown as object);
    decision.validate();
    const value: CompiledVersion = {
      id: row.id,
      version: row.version,
      status: row.status,
      contentHash: row.contentHash,
      model,
      decision,
      lenders: lendersInModel(model),
      fields: factFieldsUsed(model),
    };
    if (this.compiled.size >= MAX_COMPILED) {
      const oldest = this.compiled.keys().next().value;
      if (oldest) this.compiled.delete(oldest);
    }
    this.compiled.set(key, value);
    return value;
  }

  /** Compiles a model that is not stored (validation on save, benchmarks). */
  compileModel(model: DecisionModel): ZenDecision {
    const decision = this.engine.createDecision(model as unknown as object);
    decision.validate();
    return decision;
  }
}

export class NoPublishedRulesError extends Error {
  override readonly name = "NoPublishedRulesError";
  constructor() {
    super("No lender-selection rules are published yet (seed version 1 or publish a version).");
  }
}

const runtimes = new WeakMap<Db, RulesRuntime>();

/** The process's runtime for a database (web and workers each have one; tests may build their own). */
export function rulesRuntimeFor(deps: RulesRuntimeDeps): RulesRuntime {
  let runtime = runtimes.get(deps.db);
  if (!runtime) {
    runtime = new RulesRuntime(deps);
    runtimes.set(deps.db, runtime);
    runtime.start().catch((error) => logger.warn({ err: error }, "lending rules: subscribe failed"));
  }
  return runtime;
}
