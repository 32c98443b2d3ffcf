/** Finds the running stack, or starts one with the README's start command for the benchmark's duration. */
import { type ChildProcess, spawn } from "node:child_process";
import { PORT_OFFSET, perCheckout } from "../../test/stack-id";

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 && (await response.json()).status === "ok";
  } catch {
    return false;
  }
}

export async function ensureStack(): Promise<{ appUrl: string; stop(): Promise<void> }> {
  const appUrl = process.env.APP_URL ?? `http://127.0.0.1:${3000 + PORT_OFFSET}`;
  if (await healthy(appUrl)) {
    console.log(`using the running stack at ${appUrl}`);
    return { appUrl, stop: async () => undefined };
  }
  const port = 3300 + PORT_OFFSET;
  const ownUrl = `http://127.0.0.1:${port}`;
  console.log(`no stack answers at ${appUrl}: starting one (npm start) on ${ownUrl}`);
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      SANDBOX_PORT: String(4310 + PORT_OFFSET),
      APP_URL: ownUrl,
      FLUX_DATABASE: process.env.FLUX_DATABASE ?? perCheckout("flux"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 240_000;
  while (!(await healthy(ownUrl))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the stack did not become healthy");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return {
    appUrl: ownUrl,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
