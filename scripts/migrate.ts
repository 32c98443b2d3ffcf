// Applies committed migrations to DATABASE_URL (creating the database if needed).

import { applyMigrations, ensureDatabase } from "../server/platform/db/migrate";
import { env } from "../server/platform/env";

const url = env().DATABASE_URL;
if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`);
const result = await applyMigrations(url, undefined, (line) => console.log(line));
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
