"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileUp, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Pager } from "@/components/ui/pager";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime, formatRelative } from "@/lib/utils";

export function RunStatus({ status }: { status: string }) {
  const tone =
    status === "SUCCEEDED" ? "success" : status === "REFUSED" || status === "FAILED" ? "danger" : "info";
  return <Badge tone={tone}>{status.toLowerCase()}</Badge>;
}

type UploadResult =
  | { status: "queued"; runId: string }
  | { status: "duplicate"; runId: string | null }
  | { status: "refused"; runId: string; code: string; message: string };

function UploadCard() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<UploadResult | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const form = new FormData();
      form.set("file", file);
      const response = await fetch("/api/funds/upload", { method: "POST", body: form });
      const body = (await response.json()) as UploadResult | { error: { message: string } };
      if ("error" in body) {
        setError(body.error.message);
        return;
      }
      setResult(body);
      await queryClient.invalidateQueries({ queryKey: trpc.funds.runs.queryKey() });
      if (body.status === "queued") {
        toast.success("File received; ingesting now");
        router.push(`/admin/funds/runs/${body.runId}`);
      } else if (body.status === "duplicate") {
        toast.info("This exact file was already received");
      }
    } catch {
      setError("The upload did not reach the server. Check your connection and try again.");
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Upload a NAV file</CardTitle>
          <CardDescription>An AMFI NAVAll.txt (6- or 8-field layout), up to 20 MB.</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        <label htmlFor="nav-file" className="text-sm font-medium">
          NAV file
        </label>
        <input
          ref={input}
          id="nav-file"
          type="file"
          accept=".txt,text/plain"
          disabled={busy}
          className="text-sm file:mr-3 file:rounded-lg file:border file:border-input file:bg-surface file:px-3 file:py-1.5"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        {busy ? <p className="text-sm text-muted-foreground">Uploading and checking the file…</p> : null}
        {error ? <Alert tone="danger">{error}</Alert> : null}
        {result?.status === "refused" ? (
          <Alert tone="danger" title={`File refused (${result.code.toLowerCase().replace("_", " ")})`}>
            {result.message} Nothing was changed.{" "}
            <Link href={`/admin/funds/runs/${result.runId}`}>See the run</Link>
          </Alert>
        ) : null}
        {result?.status === "duplicate" ? (
          <Alert tone="info" title="Already received">
            This exact file (same SHA-256) was received before, so nothing was changed.{" "}
            {result.runId ? (
              <Link href={`/admin/funds/runs/${result.runId}`} className="underline">
                See that run's summary
              </Link>
            ) : null}
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

function SourceCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.funds.settings.queryOptions());
  const freshness = useQuery(trpc.funds.freshness.queryOptions());
  const poll = useMutation(
    trpc.funds.pollNow.mutationOptions({
      onSuccess: () => {
        toast.success("Fetch queued; the new run appears below within seconds");
        setTimeout(() => void queryClient.invalidateQueries({ queryKey: trpc.funds.runs.queryKey() }), 3_000);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Poller</CardTitle>
          <CardDescription>Every 15 minutes in publishing windows, hourly outside.</CardDescription>
        </div>
        <Button size="sm" variant="outline" loading={poll.isPending} onClick={() => poll.mutate()}>
          <RefreshCw aria-hidden /> Fetch now
        </Button>
      </CardHeader>
      <CardContent className="grid gap-2 text-sm">
        {settings.data ? (
          <p>
            Source:{" "}
            <span className="font-mono break-all">
              {settings.data.sourceKind === "folder"
                ? `folder ${settings.data.dropFolder}`
                : (settings.data.sourceUrl ?? "the sandbox AMFI host (default)")}
            </span>{" "}
            {settings.data.pollEnabled ? (
              <Badge tone="success">on</Badge>
            ) : (
              <Badge tone="warning">paused</Badge>
            )}{" "}
            <Link href="/admin/funds/settings" className="text-primary underline">
              Change
            </Link>
          </p>
        ) : null}
        {freshness.data ? (
          <p className="text-muted-foreground">
            Last successful fetch {formatRelative(freshness.data.lastSuccessAt)}
            {freshness.data.lastError ? ` · last error: ${freshness.data.lastError}` : ""}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function IngestRuns() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const runs = useQuery({ ...trpc.funds.runs.queryOptions({ page, pageSize: 20 }), refetchInterval: 5_000 });
  const pages = runs.data ? Math.max(1, Math.ceil(runs.data.total / 20)) : 1;
  return (
    <div className="grid gap-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <UploadCard />
        <SourceCard />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Ingest runs</CardTitle>
        </CardHeader>
        <CardContent>
          {runs.error ? (
            <Alert tone="danger">{errorMessage(runs.error)}</Alert>
          ) : runs.isPending ? (
            <LoadingRows rows={5} label="Loading runs" />
          ) : runs.data.items.length === 0 ? (
            <EmptyState icon={FileUp} title="No NAV files yet">
              Upload an AMFI NAVAll.txt above, or press “Fetch now” to poll the source.
            </EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <Table>
                <THead>
                  <TR>
                    <TH>Received</TH>
                    <TH>File</TH>
                    <TH>Status</TH>
                    <TH className="hidden md:table-cell">Layout</TH>
                    <TH className="text-right">Accepted</TH>
                    <TH className="hidden sm:table-cell text-right">Revised</TH>
                    <TH className="text-right">Quarantined</TH>
                    <TH className="hidden md:table-cell text-right">Duration</TH>
                  </TR>
                </THead>
                <TBody>
                  {runs.data.items.map((run) => (
                    <TR key={run.id}>
                      <TD className="whitespace-nowrap text-sm">
                        <Link href={`/admin/funds/runs/${run.id}`} className="text-primary hover:underline">
                          {formatDateTime(run.createdAt)}
                        </Link>
                        <div className="text-xs text-muted-foreground">{run.source}</div>
                      </TD>
                      <TD className="max-w-48 truncate text-sm">{run.fileName}</TD>
                      <TD>
                        <RunStatus status={run.status} />
                      </TD>
                      <TD className="hidden md:table-cell text-sm">{run.layout ?? run.refusalCode ?? "—"}</TD>
                      <TD className="text-right tabular-nums">{run.accepted.toLocaleString("en-IN")}</TD>
                      <TD className="hidden sm:table-cell text-right tabular-nums">{run.revised}</TD>
                      <TD className="text-right tabular-nums">{run.quarantined}</TD>
                      <TD className="hidden md:table-cell text-right tabular-nums">
                        {run.durationMs === null ? "—" : `${(run.durationMs / 1000).toFixed(2)} s`}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
          <Pager page={page} pages={pages} onPage={setPage} />
        </CardContent>
      </Card>
    </div>
  );
}
