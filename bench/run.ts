/**
 * `npm run bench -- <name>`: runs bench/<name>.ts against the running stack (APP_URL, default
 * http://127.0.0.1:3000), starting one with the start command when none answers. Each benchmark prints
 * its figures and ends with one line: `BENCH <name> key=value ...`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureStack } from "./lib/stack";

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error("usage: npm run bench -- <name>   (a file bench/<name>.ts)");
  process.exit(2);
}
const file = path.resolve("bench", `${name}.ts`);
if (!existsSync(file)) {
  console.error(`no benchmark bench/${name}.ts`);
  process.exit(2);
}
const stack = await ensureStack();
try {
  const bench = (await import(file)) as {
    default: (context: { appUrl: string; args: string[] }) => Promise<string>;
  };
  const line = await bench.default({ appUrl: stack.appUrl, args: process.argv.slice(3) });
  console.log(line);
} finally {
  await stack.stop();
}
process.exit(0);
