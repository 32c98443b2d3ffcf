/**
 * Drift check: fails (exit 2) when prisma/schema and prisma/migrations disagree.
 *
 * Builds two throwaway databases: one from the committed migrations (the same runner start-up uses), one
 * from the SQL Prisma generates for the schema (`migrate diff --from-empty --to-schema --script`, which
 * needs no database), and compares what Prisma manages: tables, columns, enums, indexes, primary/unique/
 * foreign keys. Hand-written objects Prisma does not model (check constraints, triggers, functions) are
 * ignored. Why not `migrate diff --from-migrations`: the WebAssembly schema engine used on machines without
 * Prisma's native engine panics describing check constraints and then reports an empty diff.
 */
import pg from "pg";
import { applyMigrations } from "../server/platform/db/migrate";
import { env } from "../server/platform/env";
import { hasSchemaEngine, runPrisma } from "./prisma-cli";

const base = new URL(env().DATABASE_URL);
const admin = new URL(base);
admin.pathname = "/postgres";
const names = { migrations: `flux_drift_m_${process.pid}`, schema: `flux_drift_s_${process.pid}` };
const urlOf = (name: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function catalog(url: string): Promise<Map<string, string>> {
  return withClient(url, async (client) => {
    const entries = new Map<string, string>();
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length,
              numeric_precision, numeric_scale, datetime_precision
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    for (const row of columns.rows)
      entries.set(`column ${row.table_name}.${row.column_name}`, JSON.stringify(row));
    const enums = await client.query(
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    for (const row of enums.rows) entries.set(`enum ${row.typname}`, row.labels);
    const indexes = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    for (const row of indexes.rows) entries.set(`index ${row.indexname}`, row.indexdef);
    const constraints = await client.query(
      `SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f') AND c.conrelid::regclass::text <> '"_prisma_migrations"'
          AND c.conrelid::regclass::text <> '_prisma_migrations'`,
    );
    for (const row of constraints.rows)
      entries.set(`constraint ${row.conname}`, `${row.contype} ${row.definition}`);
    return entries;
  });
}

await withClient(admin.toString(), async (client) => {
  for (const name of Object.values(names)) {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  }
});
/** Exit code when no schema engine can run here: the test runner reports the check as skipped. */
const NO_ENGINE = 3;
let status = 0;
try {
  await applyMigrations(urlOf(names.migrations));
  const generated = runPrisma(
    ["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema", "--script"],
    {
      capture: true,
      env: { DATABASE_URL: urlOf(names.schema) },
    },
  );
  if (generated.status !== 0 || !generated.stdout.includes("CREATE")) {
    console.error(generated.stderr);
    if (!hasSchemaEngine()) {
      console.error(
        "No Prisma schema engine here (offline, and no ../shared/tools/prisma-wasm-engine): drift not checked.",
      );
      status = NO_ENGINE;
    } else {
      throw new Error("prisma could not generate SQL from prisma/schema");
    }
  } else {
    await withClient(urlOf(names.schema), (client) => client.query(generated.stdout));
    const [fromMigrations, fromSchema] = await Promise.all([
      catalog(urlOf(names.migrations)),
      catalog(urlOf(names.schema)),
    ]);
    const differences: string[] = [];
    for (const [key, value] of fromSchema) {
      if (!fromMigrations.has(key)) differences.push(`missing from migrations: ${key}`);
      else if (fromMigrations.get(key) !== value)
        differences.push(
          `differs: ${key}\n    schema:     ${value}\n    migrations: ${fromMigrations.get(key)}`,
        );
    }
    for (const key of fromMigrations.keys())
      if (!fromSchema.has(key)) differences.push(`in migrations but not in the schema: ${key}`);
    if (differences.length) {
      console.error(
        `Drift between prisma/schema and prisma/migrations (author a migration: npm run db:migration:new -- <name>):\n${differences.join("\n")}`,
      );
      status = 2;
    } else {
      console.log(`schema and migrations agree (${fromSchema.size} objects compared)`);
    }
  }
} finally {
  await withClient(admin.toString(), async (client) => {
    for (const name of Object.values(names))
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
process.exit(status);
