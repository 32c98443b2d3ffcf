"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, RotateCcw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime, formatNumber } from "@/lib/utils";

type QueueName = import("@/server/platform/queues/queue-names").QueueName;

function FailedJobs({ queue }: { queue: QueueName }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const failed = useQuery({ ...trpc.ops.failedJobs.queryOptions({ queue }), refetchInterval: 5_000 });
  const retry = useMutation(
    trpc.ops.retryJob.mutationOptions({
      onSuccess: async () => {
        toast.success("Job sent back to its queue");
        await queryClient.invalidateQueries({ queryKey: trpc.ops.pathKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (failed.isPending) return <LoadingRows rows={2} label="Loading failed jobs" />;
  if (failed.error) return <Alert tone="danger">{errorMessage(failed.error)}</Alert>;
  if (failed.data.jobs.length === 0)
    return (
      <EmptyState icon={CheckCircle2} title={`No failed jobs in ${queue}`}>
        Jobs that fail after all their attempts show up here with their error, ready to retry.
      </EmptyState>
    );
  return (
    <Table>
      <THead>
        <tr>
          <TH>Job</TH>
          <TH>Error</TH>
          <TH className="hidden md:table-cell">Attempts</TH>
          <TH className="hidden md:table-cell">Failed at</TH>
          <TH className="text-right">Action</TH>
        </tr>
      </THead>
      <TBody>
        {failed.data.jobs.map((job) => (
          <TR key={job.id}>
            <TD>
              <p className="font-medium">{job.name}</p>
              <p className="font-mono text-xs text-muted-foreground">{job.id}</p>
            </TD>
            <TD className="max-w-md text-danger">{job.failedReason}</TD>
            <TD className="hidden md:table-cell">
              {job.attemptsMade}/{job.maxAttempts}
            </TD>
            <TD className="hidden md:table-cell">{formatDateTime(job.finishedOn)}</TD>
            <TD className="text-right">
              <Button
                size="sm"
                variant="outline"
                loading={retry.isPending && retry.variables?.jobId === job.id}
                onClick={() => retry.mutate({ queue, jobId: job.id })}
              >
                <RotateCcw aria-hidden /> Retry
              </Button>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function DeadLetters() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const letters = useQuery(trpc.ops.deadLetters.queryOptions({}));
  const replay = useMutation(
    trpc.ops.replayDeadLetter.mutationOptions({
      onSuccess: async () => {
        toast.success("Replayed through the outbox");
        await queryClient.invalidateQueries({ queryKey: trpc.ops.pathKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (letters.isPending) return <LoadingRows rows={2} label="Loading dead letters" />;
  if (letters.error) return <Alert tone="danger">{errorMessage(letters.error)}</Alert>;
  if (letters.data.length === 0)
    return (
      <EmptyState icon={CheckCircle2} title="No dead letters">
        When a job exhausts its retries it is recorded here permanently, so it can be replayed even after the
        queue forgets it.
      </EmptyState>
    );
  return (
    <Table>
      <THead>
        <tr>
          <TH>Job</TH>
          <TH>Last error</TH>
          <TH className="hidden md:table-cell">Failed at</TH>
          <TH className="text-right">Action</TH>
        </tr>
      </THead>
      <TBody>
        {letters.data.map((letter) => (
          <TR key={letter.id}>
            <TD>
              <p className="font-medium">{letter.jobName}</p>
              <p className="text-xs text-muted-foreground">
                {letter.queue} · {letter.attemptsMade} attempts
              </p>
            </TD>
            <TD className="max-w-md text-danger">{letter.error}</TD>
            <TD className="hidden md:table-cell">{formatDateTime(letter.failedAt)}</TD>
            <TD className="text-right">
              <Button
                size="sm"
                variant="outline"
                loading={replay.isPending && replay.variables?.deadLetterId === letter.id}
                onClick={() => replay.mutate({ deadLetterId: letter.id })}
              >
                <RotateCcw aria-hidden /> Replay
              </Button>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export function QueuesPanel() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.ops.queues.queryOptions(), refetchInterval: 3_000 });
  const [selected, setSelected] = useState<QueueName>("notifications");
  return (
    <div className="grid gap-6">
      {overview.error ? (
        <Alert tone="danger" title="Queues unreachable">
          {errorMessage(overview.error)}
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Queue health</CardTitle>
            <CardDescription>Refreshes every 3 seconds.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="p-0">
          {overview.isPending ? (
            <div className="p-4">
              <LoadingRows rows={2} label="Loading queues" />
            </div>
          ) : overview.data ? (
            <Table>
              <THead>
                <tr>
                  <TH>Queue</TH>
                  <TH className="text-right">Waiting</TH>
                  <TH className="text-right">Active</TH>
                  <TH className="text-right">Delayed</TH>
                  <TH className="text-right">Failed</TH>
                  <TH className="hidden text-right sm:table-cell">Completed</TH>
                </tr>
              </THead>
              <TBody data-testid="queue-rows">
                {overview.data.map((row) => (
                  <TR
                    key={row.queue}
                    aria-selected={row.queue === selected}
                    className={row.queue === selected ? "bg-primary-soft/50" : undefined}
                  >
                    <TD>
                      <button
                        type="button"
                        className="font-medium hover:underline"
                        onClick={() => setSelected(row.queue)}
                      >
                        {row.queue}
                      </button>
                      {row.paused ? (
                        <Badge tone="warning" className="ml-2">
                          paused
                        </Badge>
                      ) : null}
                    </TD>
                    <TD className="text-right tabular-nums">{formatNumber(row.waiting)}</TD>
                    <TD className="text-right tabular-nums">{formatNumber(row.active)}</TD>
                    <TD className="text-right tabular-nums">{formatNumber(row.delayed)}</TD>
                    <TD
                      className={`text-right tabular-nums ${row.failed ? "font-semibold text-danger" : ""}`}
                    >
                      {formatNumber(row.failed)}
                    </TD>
                    <TD className="hidden text-right tabular-nums sm:table-cell">
                      {formatNumber(row.completed)}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Failed jobs in {selected}</CardTitle>
            <CardDescription>Choose a queue above to see its failures.</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <FailedJobs queue={selected} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Dead letters</CardTitle>
            <CardDescription>Jobs that failed after all attempts, kept in the database.</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <DeadLetters />
        </CardContent>
      </Card>
    </div>
  );
}
