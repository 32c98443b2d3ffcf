/** Seeds the demo data into a test database: the same fixtures the start command and Playwright use. */
import { seedDemoData } from "@/prisma/seed/demo-data";
import type { Db } from "@/server/platform/db/client";

export async function seedTestData(db: Db) {
  await seedDemoData(db);
  const users = await db.user.findMany({
    select: { id: true, email: true, phone: true, roles: true, organisationId: true },
  });
  const byEmail = (email: string) => {
    const user = users.find((candidate) => candidate.email === email);
    if (!user) throw new Error(`seeded user ${email} missing`);
    return user;
  };
  return { users, byEmail };
}
