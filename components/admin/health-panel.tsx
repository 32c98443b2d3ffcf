"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Clock } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, LoadingRows } from "@/components/ui/feedback";
import { Input } from "@/components/ui/input";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime, formatRelative } from "@/lib/utils";

function StatusBadge({ status }: { status: "up" | "down" }) {
  return <Badge tone={status === "up" ? "success" : "danger"}>{status === "up" ? "up" : "down"}</Badge>;
}

function ClockCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clock = useQuery(trpc.ops.clock.queryOptions());
  const [days, setDays] = useState("0");
  const move = useMutation(
    trpc.ops.setClockOffset.mutationOptions({
      onSuccess: async () => {
        toast.success("Business clock moved");
        await queryClient.invalidateQueries({ queryKey: trpc.ops.clock.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Business clock</CardTitle>
          <CardDescription>
            Time as Flux sees it. Test stacks can move it forward to reach due dates and expiries.
          </CardDescription>
        </div>
        <Clock className="size-5 text-muted-foreground" aria-hidden />
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {clock.data ? (
          <>
            <p>
              Now: <strong>{formatDateTime(clock.data.now)}</strong>{" "}
              {clock.data.offsetMs ? (
                <Badge tone="warning">offset {Math.round(clock.data.offsetMs / 86_400_000)} days</Badge>
              ) : (
                <Badge>real time</Badge>
              )}
            </p>
            {clock.data.allowTimeTravel ? (
              <form
                className="flex flex-wrap items-end gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  move.mutate({ offsetMs: Math.round(Number(days) * 86_400_000) });
                }}
              >
                <div className="grid gap-1">
                  <label htmlFor="clock-days" className="text-xs text-muted-foreground">
                    Offset in days
                  </label>
                  <Input
                    id="clock-days"
                    type="number"
                    step="0.5"
                    className="w-32"
                    value={days}
                    onChange={(e) => setDays(e.target.value)}
                  />
                </div>
                <Button type="submit" variant="outline" loading={move.isPending}>
                  Set offset
                </Button>
              </form>
            ) : (
              <p className="text-muted-foreground">Time travel is off on this stack.</p>
            )}
          </>
        ) : (
          <LoadingRows rows={1} label="Loading clock" />
        )}
      </CardContent>
    </Card>
  );
}

export function HealthPanel() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.ops.health.queryOptions(), refetchInterval: 5_000 });
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Components</CardTitle>
            <CardDescription>
              Checked every 5 seconds. Also at /api/health (JSON) and /api/metrics (Prometheus).
            </CardDescription>
          </div>
          {health.data ? (
            <Badge
              tone={
                health.data.status === "ok"
                  ? "success"
                  : health.data.status === "degraded"
                    ? "warning"
                    : "danger"
              }
              data-testid="health-status"
            >
              {health.data.status}
            </Badge>
          ) : null}
        </CardHeader>
        <CardContent>
          {health.isPending ? (
            <LoadingRows rows={3} label="Checking" />
          ) : health.error ? (
            <Alert tone="danger">{errorMessage(health.error)}</Alert>
          ) : (
            <dl className="grid gap-3 text-sm">
              {(
                [
                  ["PostgreSQL", health.data.database],
                  ["Redis", health.data.redis],
                  ["Workers", health.data.workers],
                ] as const
              ).map(([label, component]) => (
                <div
                  key={label}
                  className="flex items-center justify-between gap-3 rounded-lg border border-border p-3"
                >
                  <dt className="font-medium">{label}</dt>
                  <dd className="flex items-center gap-2 text-right">
                    <span className="text-xs text-muted-foreground">
                      {component.status === "up" ? `${component.latencyMs} ms` : component.error}
                    </span>
                    <StatusBadge status={component.status} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Workers processes</CardTitle>
        </CardHeader>
        <CardContent>
          {health.data?.workers.live.length ? (
            <ul className="grid gap-2 text-sm">
              {health.data.workers.live.map((worker) => (
                <li key={worker.id} className="rounded-lg border border-border p-3">
                  <p className="font-medium">{worker.id}</p>
                  <p className="text-xs text-muted-foreground">
                    up since {formatDateTime(worker.startedAt)} · last beat {formatRelative(worker.beatAt)} ·
                    queues {worker.queues.join(", ")}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <Alert tone="warning" title="No workers running">
              Background work (SMS, audit checks) waits in the outbox until a workers process starts: run{" "}
              <code>npm run workers</code>.
            </Alert>
          )}
        </CardContent>
      </Card>
      <ClockCard />
    </div>
  );
}
