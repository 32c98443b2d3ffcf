/** A throwaway redis-server process on a free port, for tests that stop and restart Redis. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { redisPing } from "@/scripts/services";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface DisposableRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

export async function disposableRedis(): Promise<DisposableRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "flux-redis-"));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const server: DisposableRedis = {
    url,
    port,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes"],
        {
          stdio: "ignore",
        },
      );
      for (let i = 0; i < 100; i++) {
        if (await redisPing(url, 200)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("redis-server did not start");
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGTERM");
      await exited;
      child = null;
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
