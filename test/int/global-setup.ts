/**
 * Integration tests: one migrated template database, created fresh per run; each test file clones
 * its own database from it (CREATE DATABASE ... TEMPLATE), so files run in parallel without sharing rows.
 */
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../server/platform/db/migrate";
import { perCheckout } from "../stack-id";
import { adminDatabaseUrl } from "./admin-url";

export const TEMPLATE_DATABASE = perCheckout("flux_test_template");

export default async function setup() {
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const template = new URL(adminDatabaseUrl());
  template.pathname = `/${TEMPLATE_DATABASE}`;
  await applyMigrations(template.toString(), path.resolve("prisma/migrations"));
  process.env.TEST_ADMIN_DATABASE_URL = adminDatabaseUrl();
}
