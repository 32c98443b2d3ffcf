// Seeds demo data into DATABASE_URL (idempotent).

// lending rules: the published baseline rule version (v1)
import { seedLendingRules } from "@/server/lending/rules/seed";
import { createDb } from "@/server/platform/db/client";
import { env } from "@/server/platform/env";
import { seedDemoData } from "./demo-data";
// funds (issue 5): scheme master + NAV history
import { seedFunds } from "./funds";

const db = createDb(env().DATABASE_URL, { max: 2 });
try {
  await seedDemoData(db, (line) => console.log(line));
  // lending rules: baseline rule version 1 (idempotent)
  if ((await seedLendingRules(db)).created) console.log("seeded lending rules version 1");
  // funds (issue 5): catalog from the AMFI scheme master and NAV history (idempotent, one query when done)
  await seedFunds(db, (line) => console.log(line));
} finally {
  await db.$disconnect();
}
