/**
 * Integration tests: one migrated template database, created fresh per run; each test file clones
 * its own database from it (CREATE DATABASE ... TEMPLATE), so files run in parallel without sharing rows.
 */
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../server/platform/db/migrate";
import { perCheckout } from "../stack-id";

export const TEMPLATE_DATABASE = perCheckout("flux_test_template");

function adminUrl(): string {
  const url = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      "postgresql://postgres@127.0.0.1:5432/postgres",
  );
  url.pathname = "/postgres";
  return url.toString();
}

export default async function setup() {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const template = new URL(adminUrl());
  template.pathname = `/${TEMPLATE_DATABASE}`;
  await applyMigrations(template.toString(), path.resolve("prisma/migrations"));
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl();
}
