// Seeds demo data into DATABASE_URL (idempotent).
import { createDb } from "@/server/platform/db/client";
import { env } from "@/server/platform/env";
import { seedDemoData } from "./demo-data";
// funds (issue 5): scheme master + NAV history
import { seedFunds } from "./funds";
// loans (issue 4): a few demo loans for the demo shopper
import { seedLoans } from "./loans";

const db = createDb(env().DATABASE_URL, { max: 2 });
try {
  await seedDemoData(db, (line) => console.log(line));
  // funds (issue 5): catalog from the AMFI scheme master and NAV history (idempotent, one query when done)
  await seedFunds(db, (line) => console.log(line));
  // loans (issue 4)
  await seedLoans(db, (line) => console.log(line));
} finally {
  await db.$disconnect();
}
