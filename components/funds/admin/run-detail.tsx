"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle, Stat } from "@/components/ui/card";
import { Alert, LoadingRows, PageHeader } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime } from "@/lib/utils";
import { RunStatus } from "./ingest-runs";

export function RunDetail({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const run = useQuery({
    ...trpc.funds.run.queryOptions({ runId }),
    refetchInterval: (query) =>
      query.state.data && ["QUEUED", "RUNNING", "FAILED"].includes(query.state.data.status) ? 1_000 : false,
  });
  const rerun = useMutation(
    trpc.funds.rerun.mutationOptions({
      onSuccess: (result) => {
        toast.success("Re-run queued");
        router.push(`/admin/funds/runs/${result.runId}`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (run.error) return <Alert tone="danger">{errorMessage(run.error)}</Alert>;
  if (run.isPending) return <LoadingRows rows={6} label="Loading run" />;
  const data = run.data;
  return (
    <>
      <Link
        href="/admin/funds"
        className="mb-3 inline-flex items-center gap-1 text-sm text-primary hover:underline"
      >
        <ArrowLeft className="size-4" aria-hidden /> All runs
      </Link>
      <PageHeader
        title={data.fileName}
        description={
          <>
            {data.source} · received {formatDateTime(data.createdAt)} · <RunStatus status={data.status} />
          </>
        }
        actions={
          data.rawFileId ? (
            <Button variant="outline" loading={rerun.isPending} onClick={() => rerun.mutate({ runId })}>
              <RotateCcw aria-hidden /> Re-run this file
            </Button>
          ) : null
        }
      />
      {data.status === "REFUSED" ? (
        <Alert tone="danger" title={`Refused: ${data.refusalCode}`} className="mb-6">
          {data.error} Nothing from this file was stored.
        </Alert>
      ) : null}
      {data.status === "QUEUED" ? (
        <Alert tone="info" className="mb-6">
          Waiting for a worker to ingest this file…
        </Alert>
      ) : null}
      {data.status === "FAILED" ? (
        <Alert tone="danger" className="mb-6" title="The last attempt failed; it will be retried">
          {data.error}
        </Alert>
      ) : null}
      <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="run-summary">
        <Stat label="Layout" value={data.layout ?? "—"} />
        <Stat label="Rows" value={data.rowsTotal.toLocaleString("en-IN")} />
        <Stat label="Accepted" value={data.accepted.toLocaleString("en-IN")} />
        <Stat label="Quarantined" value={data.quarantined.toLocaleString("en-IN")} />
        <Stat label="New NAVs" value={data.inserted.toLocaleString("en-IN")} />
        <Stat label="Revised" value={data.revised.toLocaleString("en-IN")} />
        <Stat label="Held for review" value={data.held.toLocaleString("en-IN")} />
        <Stat
          label="Duration"
          value={data.durationMs === null ? "—" : `${(data.durationMs / 1000).toFixed(2)} s`}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>File</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-2 text-sm">
              <div>
                <dt className="text-muted-foreground">SHA-256</dt>
                <dd className="font-mono break-all" data-testid="run-sha">
                  {data.sha256 ?? "—"}
                </dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Size</dt>
                <dd>{data.rawFile ? `${(data.rawFile.sizeBytes / 1024).toFixed(0)} KB` : "not stored"}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Unchanged / older than the latest NAV</dt>
                <dd>
                  {data.unchanged.toLocaleString("en-IN")} / {data.olderThanLatest.toLocaleString("en-IN")}
                </dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Published to cache and live pages</dt>
                <dd>{data.broadcastAt ? formatDateTime(data.broadcastAt) : "not yet"}</dd>
              </div>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Quarantine reasons</CardTitle>
          </CardHeader>
          <CardContent>
            {data.reasons.length === 0 && data.warningList.length === 0 ? (
              <p className="text-sm text-muted-foreground">No row was quarantined.</p>
            ) : (
              <ul className="grid gap-2 text-sm" data-testid="quarantine-reasons">
                {data.reasons.map((r) => (
                  <li key={r.reason} className="flex justify-between gap-3">
                    <span>
                      <span className="font-mono">{r.reason}</span> · {r.label}
                    </span>
                    <span className="tabular-nums font-medium">{r.count}</span>
                  </li>
                ))}
                {data.warningList.map((w) => (
                  <li key={w.warning} className="flex justify-between gap-3 text-muted-foreground">
                    <span>
                      <span className="font-mono">{w.warning}</span> (kept) · {w.label}
                    </span>
                    <span className="tabular-nums">{w.count}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      {data.issues.length ? (
        <Card className="mt-6">
          <details>
            <summary className="cursor-pointer p-5 font-medium">
              Quarantined rows: show{" "}
              {data.issues.length === 500 ? "the first 500" : `all ${data.issues.length}`}
            </summary>
            <CardContent className="overflow-x-auto">
              <Table>
                <THead>
                  <TR>
                    <TH>Line</TH>
                    <TH>Scheme code</TH>
                    <TH>Reason</TH>
                    <TH>Value</TH>
                  </TR>
                </THead>
                <TBody>
                  {data.issues.map((issue) => (
                    <TR key={`${issue.line}-${issue.reason}`}>
                      <TD className="tabular-nums">{issue.line}</TD>
                      <TD className="font-mono">{issue.schemeCode}</TD>
                      <TD className="font-mono text-sm">{issue.reason}</TD>
                      <TD className="text-sm">{issue.detail}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardContent>
          </details>
        </Card>
      ) : null}
    </>
  );
}
