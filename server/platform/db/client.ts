/** The PrismaClient instance module: one pool per process, created lazily. */
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { fluxDb?: Db };

/** The process-wide client (survives Next dev hot reloads). */
export function db(): Db {
  globalForDb.fluxDb ??= createDb(env().DATABASE_URL);
  return globalForDb.fluxDb;
}
