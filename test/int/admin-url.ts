/** The maintenance database URL integration tests create and drop their databases through. */
export function adminDatabaseUrl(): string {
  const url = new URL(
    process.env.TEST_ADMIN_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      "postgresql://postgres@127.0.0.1:5432/postgres",
  );
  url.pathname = "/postgres";
  return url.toString();
}
