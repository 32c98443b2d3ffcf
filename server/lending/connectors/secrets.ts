/**
 * Lender credentials and rotating secrets, AES-256-GCM encrypted at rest with a key derived from the
 * stack's secret. A rotation (e.g. Sahyog's handshake hands back a new signing secret) is persisted in one
 * transaction with a compare-and-set on the generation the caller read, so two processes can never
 * interleave a rotation and lose the newest secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Db, Prisma } from "@/server/platform/db/client";

/**
 * The encryption key: LENDING_SECRETS_KEY in production (a KMS-held key would slot in here); a fixed
 * development key otherwise, so the seed, web and workers of a development stack agree.
 */
function encryptionKey(): Buffer {
  const material = process.env.LENDING_SECRETS_KEY ?? "flux-development-lending-secrets-key";
  return createHash("sha256").update(`flux-lending-secrets:${material}`).digest();
}

export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
}

export function decryptSecret(stored: string): string {
  if (!stored.startsWith("v1:")) throw new Error("unknown secret format");
  const raw = Buffer.from(stored.slice(3), "base64");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

export interface SecretSet {
  values: Record<string, string>;
  generations: Record<string, number>;
}

export async function loadSecrets(db: Db, lenderCode: string): Promise<SecretSet> {
  const rows = await db.lenderSecret.findMany({ where: { lenderCode } });
  const values: Record<string, string> = {};
  const generations: Record<string, number> = {};
  for (const row of rows) {
    values[row.name] = decryptSecret(row.ciphertext);
    generations[row.name] = row.generation;
  }
  return { values, generations };
}

/** Creates or overwrites secrets (seed, admin). */
export async function putSecrets(
  db: Db | Prisma.TransactionClient,
  lenderCode: string,
  values: Record<string, string>,
  onlyIfMissing = false,
): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const ciphertext = encryptSecret(value);
    if (onlyIfMissing) {
      await db.lenderSecret.upsert({
        where: { lenderCode_name: { lenderCode, name } },
        create: { lenderCode, name, ciphertext },
        update: {},
      });
    } else {
      await db.lenderSecret.upsert({
        where: { lenderCode_name: { lenderCode, name } },
        create: { lenderCode, name, ciphertext },
        update: { ciphertext, generation: { increment: 1 }, rotatedAt: new Date() },
      });
    }
  }
}

export class StaleSecretError extends Error {
  override readonly name = "StaleSecretError";
}

/**
 * Rotates several secrets of one lender atomically: every row must still be at the generation the caller
 * read, or nothing is written (StaleSecretError).
 */
export async function rotateSecrets(
  db: Db,
  lenderCode: string,
  read: SecretSet,
  next: Record<string, string>,
): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const [name, value] of Object.entries(next)) {
      const generation = read.generations[name];
      const ciphertext = encryptSecret(value);
      if (generation === undefined) {
        await tx.lenderSecret.create({ data: { lenderCode, name, ciphertext, generation: 1 } });
        continue;
      }
      const updated = await tx.lenderSecret.updateMany({
        where: { lenderCode, name, generation },
        data: { ciphertext, generation: generation + 1, rotatedAt: new Date() },
      });
      if (updated.count !== 1)
        throw new StaleSecretError(`${lenderCode}.${name} was rotated by someone else`);
    }
  });
}
