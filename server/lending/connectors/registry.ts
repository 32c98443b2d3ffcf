/**
 * Connector descriptors in the database: one connector per lender, immutable numbered versions,
 * the current version used for new calls. Admin edits are validated by the descriptor schema and audited.
 */
import type { Db, Prisma } from "@/server/platform/db/client";
import { AppError } from "@/server/platform/errors";
import { type CommandContext, runCommand } from "@/server/platform/unit-of-work";
import type { LoadedConnector } from "./client";
import { type ConnectorDescriptor, descriptorSchema, secretNames } from "./descriptor";
import { putSecrets } from "./secrets";

export interface RegistryDeps {
  db: Db;
  sandboxUrl: string;
}

function toLoaded(
  deps: RegistryDeps,
  row: { code: string; name: string },
  version: number,
  descriptor: unknown,
): LoadedConnector {
  const parsed = descriptorSchema.parse(descriptor);
  return {
    code: row.code,
    name: row.name,
    version,
    descriptor: parsed,
    baseUrl: parsed.baseUrl.replace("{sandbox}", deps.sandboxUrl).replace(/\/$/, ""),
  };
}

const cache = new Map<string, { at: number; connector: LoadedConnector }>();
/** Versions are immutable, so a pinned version stays cached; "current" is re-read every 2 s. */
const CURRENT_TTL_MS = 2_000;

export async function loadConnector(
  deps: RegistryDeps,
  code: string,
  version?: number,
): Promise<LoadedConnector | null> {
  const key = `${deps.sandboxUrl}|${code}|${version === undefined ? "current" : `v${version}`}`;
  const hit = cache.get(key);
  if (hit && (version !== undefined || Date.now() - hit.at < CURRENT_TTL_MS)) return hit.connector;
  const row = await deps.db.lenderConnector.findUnique({ where: { code } });
  if (!row) return null;
  const wanted = version ?? row.currentVersion;
  const pinnedKey = `${deps.sandboxUrl}|${code}|v${wanted}`;
  const pinned = cache.get(pinnedKey);
  let connector = pinned?.connector;
  if (!connector || connector.name !== row.name) {
    const versionRow = await deps.db.lenderConnectorVersion.findUnique({
      where: { connectorId_version: { connectorId: row.id, version: wanted } },
    });
    if (!versionRow) return null;
    connector = toLoaded(deps, row, wanted, versionRow.descriptor);
    cache.set(pinnedKey, { at: Date.now(), connector });
  }
  cache.set(key, { at: Date.now(), connector });
  return connector;
}

export async function listConnectors(db: Db) {
  const rows = await db.lenderConnector.findMany({
    orderBy: { code: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 10 } },
  });
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    enabled: row.enabled,
    currentVersion: row.currentVersion,
    descriptor: row.versions.find((v) => v.version === row.currentVersion)?.descriptor ?? null,
    versions: row.versions.map((v) => ({
      version: v.version,
      note: v.note,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
    })),
  }));
}

export function parseDescriptor(input: unknown): ConnectorDescriptor {
  const parsed = descriptorSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "BAD_REQUEST",
      `The descriptor is not valid: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
      {
        details: {
          issues: parsed.error.issues
            .slice(0, 20)
            .map((i) => ({ path: i.path.join("."), message: i.message })),
        },
      },
    );
  }
  return parsed.data;
}

/**
 * Registers a lender or publishes a new version of its descriptor (and, optionally, its credentials).
 * The descriptor is stored as the admin wrote it; it is parsed again on every load.
 */
export async function saveDescriptor(
  deps: RegistryDeps,
  ctx: CommandContext,
  input: { descriptor: unknown; note?: string; secrets?: Record<string, string> },
) {
  const descriptor = parseDescriptor(input.descriptor);
  const needed = secretNames(descriptor);
  return runCommand(deps, ctx, async ({ tx, audit }) => {
    const existing = await tx.lenderConnector.findUnique({ where: { code: descriptor.code } });
    const version = (existing?.currentVersion ?? 0) + 1;
    const connector = existing
      ? await tx.lenderConnector.update({
          where: { id: existing.id },
          data: { currentVersion: version, name: descriptor.name },
        })
      : await tx.lenderConnector.create({
          data: { code: descriptor.code, name: descriptor.name, currentVersion: version },
        });
    await tx.lenderConnectorVersion.create({
      data: {
        connectorId: connector.id,
        version,
        descriptor: input.descriptor as Prisma.InputJsonValue,
        note: input.note ?? null,
        createdBy: ctx.actor.auditId,
      },
    });
    if (input.secrets && Object.keys(input.secrets).length > 0)
      await putSecrets(tx, descriptor.code, input.secrets);
    const present = await tx.lenderSecret.findMany({
      where: { lenderCode: descriptor.code },
      select: { name: true },
    });
    const missing = needed.filter((name) => !present.some((row) => row.name === name));
    audit({
      action: existing ? "lending.connector.versioned" : "lending.connector.registered",
      entityType: "lender_connector",
      entityId: connector.id,
      before: existing ? { version: existing.currentVersion } : null,
      after: {
        code: descriptor.code,
        version,
        note: input.note ?? null,
        secretsChanged: Object.keys(input.secrets ?? {}),
      },
    });
    for (const key of cache.keys()) if (key.includes(`|${descriptor.code}|`)) cache.delete(key);
    return { code: descriptor.code, version, missingSecrets: missing };
  });
}

export async function setConnectorEnabled(
  deps: RegistryDeps,
  ctx: CommandContext,
  input: { code: string; enabled: boolean },
) {
  return runCommand(deps, ctx, async ({ tx, audit }) => {
    const row = await tx.lenderConnector.findUnique({ where: { code: input.code } });
    if (!row) throw new AppError("NOT_FOUND", "No such lender.");
    await tx.lenderConnector.update({ where: { id: row.id }, data: { enabled: input.enabled } });
    audit({
      action: input.enabled ? "lending.connector.enabled" : "lending.connector.disabled",
      entityType: "lender_connector",
      entityId: row.id,
      before: { enabled: row.enabled },
      after: { enabled: input.enabled },
    });
    return { code: row.code, enabled: input.enabled };
  });
}

export async function enabledConnectorCodes(db: Db): Promise<string[]> {
  const rows = await db.lenderConnector.findMany({ where: { enabled: true }, select: { code: true } });
  return rows.map((row) => row.code);
}
