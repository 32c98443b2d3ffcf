/**
 * HTTP endpoints of the funds context that tRPC does not suit: the NAV file upload (files of several MB,
 * above tRPC's 256 KB body limit) and the live NAV stream (Server-Sent Events fed by the Redis broadcast).
 */
import { hasPermission, type Permission } from "../auth/permissions";
import type { Actor } from "../platform/actor";
import { appDeps } from "../platform/deps";
import { AppError } from "../platform/errors";
import { createRedis } from "../platform/redis";
import { correlationIdFrom } from "../platform/request-context";
import { contextFromRequest } from "../trpc/http";
import { MAX_NAV_FILE_BYTES, receiveNavFile } from "./ingest.service";
import { type NavBroadcast, navChannel } from "./nav-cache";

type Listener = (broadcast: NavBroadcast) => void;

/**
 * One Redis subscriber per web process, fanning NAV broadcasts out to every open stream (not one Redis
 * connection per browser tab).
 */
function navHub(prefix: string) {
  const holder = globalThis as unknown as {
    fluxNavHub?: { listeners: Set<Listener>; subscribed: Promise<boolean> };
  };
  if (!holder.fluxNavHub) {
    const listeners = new Set<Listener>();
    const subscriber = createRedis("subscriber");
    subscriber.on("message", (_channel, message) => {
      let broadcast: NavBroadcast;
      try {
        broadcast = JSON.parse(message) as NavBroadcast;
      } catch {
        return;
      }
      for (const listener of listeners) listener(broadcast);
    });
    const subscribed = subscriber.subscribe(navChannel(prefix)).then(
      () => true,
      () => false,
    );
    holder.fluxNavHub = { listeners, subscribed };
  }
  const hub = holder.fluxNavHub;
  return {
    listen(listener: Listener) {
      hub.listeners.add(listener);
      return () => hub.listeners.delete(listener);
    },
    ready: () => hub.subscribed,
  };
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

async function authorise(
  request: Request,
  permission: Permission,
): Promise<{ actor: Actor; ip: string; correlationId: string } | Response> {
  const correlationId = correlationIdFrom(request.headers.get("x-correlation-id"));
  const ctx = await contextFromRequest(request, correlationId);
  if (ctx.actor.kind !== "user")
    return json(401, { error: { message: "Sign in to continue.", code: "UNAUTHENTICATED" } });
  if (!hasPermission(ctx.actor.roles, permission)) {
    return json(403, { error: { message: "You do not have access to this.", code: "FORBIDDEN" } });
  }
  return { actor: ctx.actor, ip: ctx.ip, correlationId };
}

/** POST multipart/form-data with a `file` field. Answers the receive result (queued, duplicate or refused). */
export async function handleNavUpload(request: Request): Promise<Response> {
  const auth = await authorise(request, "funds.admin.manage");
  if (auth instanceof Response) return auth;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_NAV_FILE_BYTES + 64 * 1024) {
    return json(413, { error: { message: "The file is larger than 20 MB.", code: "PAYLOAD_TOO_LARGE" } });
  }
  let file: File | null = null;
  try {
    const form = await request.formData();
    const value = form.get("file");
    file = value instanceof File ? value : null;
  } catch {
    return json(400, {
      error: {
        message: "Send the file as multipart/form-data in a field named 'file'.",
        code: "BAD_REQUEST",
      },
    });
  }
  if (!file) return json(400, { error: { message: "Choose a NAV file to upload.", code: "BAD_REQUEST" } });
  const deps = appDeps();
  try {
    const result = await receiveNavFile(
      deps,
      { actor: auth.actor, correlationId: auth.correlationId, ip: auth.ip, clock: deps.clock },
      { content: new Uint8Array(await file.arrayBuffer()), fileName: file.name, source: "upload" },
    );
    return json(result.status === "refused" ? 422 : 200, result);
  } catch (error) {
    if (error instanceof AppError)
      return json(error.httpStatus, { error: { message: error.message, code: error.code } });
    throw error;
  }
}

/**
 * GET ?codes=1,2,3 (optional): an event stream of NAVs as they are published. Each event is
 * `{ schemeCode, nav, navDate }`; without codes, a summary `{ runId, count }` per publication.
 */
export async function handleNavStream(request: Request): Promise<Response> {
  const auth = await authorise(request, "funds.catalog.read");
  if (auth instanceof Response) return auth;
  const url = new URL(request.url);
  const codes = new Set(
    (url.searchParams.get("codes") ?? "")
      .split(",")
      .slice(0, 200)
      .map((code) => Number(code))
      .filter((code) => Number.isInteger(code) && code > 0),
  );
  const hub = navHub(appDeps().redisPrefix);
  const encoder = new TextEncoder();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;
  const close = () => {
    if (heartbeat) clearInterval(heartbeat);
    unsubscribe?.();
  };
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          close();
        }
      };
      unsubscribe = hub.listen((broadcast) => {
        if (codes.size === 0) {
          send("published", { runId: broadcast.runId, count: broadcast.navs.length });
          return;
        }
        for (const [schemeCode, nav, navDate] of broadcast.navs) {
          if (codes.has(schemeCode)) send("nav", { schemeCode, nav, navDate });
        }
      });
      if (await hub.ready()) send("ready", { codes: [...codes] });
      else
        send("unavailable", {
          message: "Live NAV updates are unavailable right now; reload to see new NAVs.",
        });
      heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          close();
        }
      }, 15_000);
      request.signal.addEventListener("abort", () => {
        close();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel: close,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
