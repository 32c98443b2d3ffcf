// Seeds demo data into DATABASE_URL (idempotent).
import { createDb } from "@/server/platform/db/client";
import { env } from "@/server/platform/env";
import { seedDemoData } from "./demo-data";

const db = createDb(env().DATABASE_URL, { max: 2 });
try {
  await seedDemoData(db, (line) => console.log(line));
} finally {
  await db.$disconnect();
}
