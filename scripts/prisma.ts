// `tsx scripts/prisma.ts <args>`: the Prisma CLI, with the offline schema engine where needed (prisma-cli.ts).
import { runPrisma } from "./prisma-cli";

process.exit(runPrisma(process.argv.slice(2)).status ?? 1);
