"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime } from "@/lib/utils";
import type { DecisionModel, JdmTableContent } from "@/server/lending/rules/domain/jdm";
import { DiffView } from "./diff-view";
import { SimulationPanel, type StoredSimulation } from "./simulation-panel";
import { StatusBadge } from "./status-badge";
import { type CellProblem, TableEditor } from "./table-editor";

const JdmTableEditor = dynamic(() => import("./jdm-table-editor"), {
  ssr: false,
  loading: () => <LoadingRows rows={6} label="Loading the GoRules editor" />,
});

function problemsOf(error: unknown): (CellProblem & { table?: string })[] {
  if (!(error instanceof TRPCClientError)) return [];
  const details = (
    error.data as { details?: { problems?: (CellProblem & { table?: string })[] } } | undefined
  )?.details;
  return details?.problems ?? [];
}

function tablesOf(model: DecisionModel) {
  return model.nodes
    .filter((node) => node.type === "decisionTableNode")
    .map((node) => ({ id: node.id, name: node.name, content: node.content as JdmTableContent }));
}

export function VersionWorkspace({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const version = useQuery(trpc.lendingRules.version.queryOptions({ id }));
  const diff = useQuery(trpc.lendingRules.diff.queryOptions({ id }));
  const [model, setModel] = useState<DecisionModel | null>(null);
  const [title, setTitle] = useState("");
  const [tab, setTab] = useState<string>("ordering");
  // GoRules' editor on wide screens; the simple editor on phones (the GoRules grid needs ~900 px).
  const [editor, setEditor] = useState<"table" | "jdm">("jdm");
  useEffect(() => {
    if (window.matchMedia("(max-width: 767px)").matches) setEditor("table");
  }, []);
  const [simulation, setSimulation] = useState<StoredSimulation | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [simulationSize, setSimulationSize] = useState(500);
  const [note, setNote] = useState("");

  const loadedHash = version.data?.contentHash;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the working copy only when the stored content changes
  useEffect(() => {
    if (version.data) {
      setModel(structuredClone(version.data.content));
      setTitle(version.data.title);
      setSimulation((version.data.simulation as StoredSimulation | null) ?? null);
    }
  }, [loadedHash]);

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.lendingRules.version.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.lendingRules.diff.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.lendingRules.versions.queryKey() }),
    ]);
  };

  const save = useMutation(
    trpc.lendingRules.updateDraft.mutationOptions({
      onSuccess: async () => {
        toast.success("Draft saved");
        await refresh();
      },
    }),
  );
  const simulate = useMutation(
    trpc.lendingRules.simulate.mutationOptions({
      onSuccess: (result) => {
        setSimulation(result as StoredSimulation);
        toast.success(`Simulated against ${result.applications} applications`);
      },
    }),
  );
  const submit = useMutation(
    trpc.lendingRules.submit.mutationOptions({
      onSuccess: async () => {
        toast.success("Sent for approval: another admin must approve it");
        await refresh();
      },
    }),
  );
  const approve = useMutation(
    trpc.lendingRules.approve.mutationOptions({
      onSuccess: async (result) => {
        toast.success(`Version ${result.version} is published and live everywhere`);
        await refresh();
      },
    }),
  );
  const sendBack = useMutation(
    trpc.lendingRules.returnToDraft.mutationOptions({
      onSuccess: async () => {
        toast.success("Returned to draft");
        setRejecting(false);
        setNote("");
        await refresh();
      },
    }),
  );
  const discard = useMutation(
    trpc.lendingRules.discard.mutationOptions({
      onSuccess: async () => {
        toast.success("Draft discarded");
        await refresh();
      },
    }),
  );
  const newDraft = useMutation(
    trpc.lendingRules.createDraft.mutationOptions({
      onSuccess: async (draft) => {
        toast.success(`Draft v${draft.version} created`);
        await queryClient.invalidateQueries({ queryKey: trpc.lendingRules.versions.queryKey() });
        router.push(`/admin/rules/${draft.id}`);
      },
    }),
  );

  const dirty = useMemo(
    () =>
      Boolean(
        version.data &&
          model &&
          (JSON.stringify(model) !== JSON.stringify(version.data.content) || title !== version.data.title),
      ),
    [model, title, version.data],
  );

  if (version.isPending) return <LoadingRows rows={8} label="Loading the rule version" />;
  if (version.error)
    return (
      <Alert tone="danger" title="Could not load this rule version">
        {errorMessage(version.error)} <Link href="/admin/rules">Back to all versions</Link>
      </Alert>
    );
  const data = version.data;
  if (!model) return <LoadingRows rows={8} />;
  const tables = tablesOf(model);
  const current = tables.find((table) => table.id === tab) ?? tables[0];
  const editable = data.status === "DRAFT";
  const saveProblems = problemsOf(save.error);
  const mutationError = [save, simulate, submit, approve, sendBack, discard, newDraft].find(
    (m) => m.error,
  )?.error;
  const names = data.names as Record<string, string>;
  const setTable = (tableId: string, content: JdmTableContent) =>
    setModel({
      ...model,
      nodes: model.nodes.map((node) => (node.id === tableId ? { ...node, content } : node)),
    });

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="grid gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">Rules v{data.version}</h1>
            <StatusBadge status={data.status} current={data.current} />
            {dirty ? <Badge tone="warning">Unsaved changes</Badge> : null}
          </div>
          <p className="text-sm text-muted-foreground">{data.title}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {editable ? (
            <>
              <Button
                disabled={!dirty}
                loading={save.isPending}
                onClick={() =>
                  save.mutate({ id, title, content: model as never, expectedHash: data.contentHash })
                }
              >
                Save draft
              </Button>
              <Button
                variant="outline"
                disabled={dirty}
                title={dirty ? "Save first" : undefined}
                loading={simulate.isPending}
                onClick={() => simulate.mutate({ id, limit: simulationSize })}
              >
                Simulate
              </Button>
              <Select
                aria-label="Applications to simulate against"
                className="w-auto"
                value={simulationSize}
                onChange={(event) => setSimulationSize(Number(event.target.value))}
              >
                {[100, 500, 2000, 5000].map((size) => (
                  <option key={size} value={size}>
                    last {size}
                  </option>
                ))}
              </Select>
              <Button
                variant="outline"
                disabled={dirty}
                loading={submit.isPending}
                onClick={() => submit.mutate({ id })}
              >
                Request approval
              </Button>
              <Button variant="ghost" loading={discard.isPending} onClick={() => discard.mutate({ id })}>
                Discard
              </Button>
            </>
          ) : null}
          {data.status === "PENDING_APPROVAL" ? (
            <>
              <Button
                disabled={data.viewerIsMaker}
                loading={approve.isPending}
                onClick={() => approve.mutate({ id, expectedHash: data.contentHash })}
              >
                Approve and publish
              </Button>
              <Button variant="outline" onClick={() => setRejecting(true)}>
                Return to draft
              </Button>
            </>
          ) : null}
          {data.status === "PUBLISHED" || data.status === "DISCARDED" ? (
            <Button
              variant="outline"
              loading={newDraft.isPending}
              onClick={() => newDraft.mutate({ title: `Changes to v${data.version}`, basedOnId: id })}
            >
              New draft from this version
            </Button>
          ) : null}
          <Button variant="ghost" asChild>
            <Link href={`/admin/rules/try?version=${id}`}>Try it</Link>
          </Button>
        </div>
      </div>

      {data.status === "PENDING_APPROVAL" && data.viewerIsMaker ? (
        <Alert tone="info" title="Waiting for a second admin">
          You created, edited or submitted this version, so another admin must approve it (maker-checker).
        </Alert>
      ) : null}
      {data.status === "PENDING_APPROVAL" && !data.viewerIsMaker ? (
        <Alert tone="warning" title="Your approval is requested">
          Review the changes and the simulation below. Approving publishes this version to every new
          application at once; applications already in flight keep their version.
        </Alert>
      ) : null}
      {data.rejectionNote && data.status === "DRAFT" ? (
        <Alert tone="warning" title="Returned to draft">
          {data.rejectionNote}
        </Alert>
      ) : null}
      {mutationError && !saveProblems.length ? (
        <Alert tone="danger">{errorMessage(mutationError)}</Alert>
      ) : null}
      {saveProblems.length ? (
        <Alert tone="danger" title="The draft was not saved: fix these cells">
          <ul className="list-disc pl-4">
            {saveProblems.map((problem) => (
              <li key={problem.text}>{problem.text}</li>
            ))}
          </ul>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle>Decision tables</CardTitle>
            <CardDescription>
              Every matching knockout row makes that lender ineligible with its reason. Each lender's lowest
              matching priority orders the eligible lenders (lower first). Conditions use GoRules syntax:{" "}
              <code>&lt; 21, &gt; 60</code> · <code>[21..60]</code> · <code>"GOOD", "EXCELLENT"</code>; blank
              means any.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-4">
          {editable ? (
            <Field id="version-title" label="Title">
              <Input id="version-title" value={title} onChange={(event) => setTitle(event.target.value)} />
            </Field>
          ) : null}
          <div className="flex flex-wrap items-center justify-between gap-2">
            <div role="tablist" aria-label="Tables" className="flex flex-wrap gap-1">
              {tables.map((table) => (
                <Button
                  key={table.id}
                  role="tab"
                  aria-selected={current?.id === table.id}
                  variant={current?.id === table.id ? "secondary" : "ghost"}
                  size="sm"
                  onClick={() => setTab(table.id)}
                >
                  {table.name} ({table.content.rules.length})
                </Button>
              ))}
            </div>
            <fieldset className="flex gap-1" aria-label="Editor">
              <Button
                size="sm"
                variant={editor === "table" ? "secondary" : "ghost"}
                onClick={() => setEditor("table")}
              >
                Simple editor
              </Button>
              <Button
                size="sm"
                variant={editor === "jdm" ? "secondary" : "ghost"}
                onClick={() => setEditor("jdm")}
              >
                GoRules editor
              </Button>
            </fieldset>
          </div>
          {current ? (
            editor === "table" ? (
              <TableEditor
                tableName={current.name}
                table={current.content}
                disabled={!editable}
                problems={saveProblems.filter((problem) => problem.table === current.name)}
                onChange={(content) => setTable(current.id, content)}
              />
            ) : (
              <div className="min-h-[440px] overflow-x-auto rounded-lg border border-border">
                <JdmTableEditor
                  key={`${current.id}-${loadedHash}`}
                  table={current.content}
                  disabled={!editable}
                  onChange={(content) => setTable(current.id, content)}
                />
              </div>
            )
          ) : (
            <Alert tone="warning">This model has no decision tables.</Alert>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle>Simulation</CardTitle>
            <CardDescription>
              What would change if this version were published: the last recorded applications' facts,
              evaluated by the published version and by this one.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          {simulation ? (
            <SimulationPanel simulation={simulation} />
          ) : (
            <p className="text-sm text-muted-foreground">
              {editable ? "Save the draft, then press Simulate." : "This version was not simulated."}
            </p>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle>
              Changes{diff.data?.againstVersion ? ` since v${diff.data.againstVersion}` : ""}
            </CardTitle>
            <CardDescription>Saved content compared with the version it started from.</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          {diff.isPending ? (
            <LoadingRows rows={3} />
          ) : diff.error ? (
            <Alert tone="danger">{errorMessage(diff.error)}</Alert>
          ) : diff.data?.diff ? (
            <DiffView diff={diff.data.diff} />
          ) : (
            <p className="text-sm text-muted-foreground">The first version: nothing to compare with.</p>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-2 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-muted-foreground">Created</dt>
              <dd>
                {data.createdById ? (names[data.createdById] ?? "Unknown") : "System (seed)"},{" "}
                {formatDateTime(data.createdAt)}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Edited by</dt>
              <dd>{data.editorIds.map((editorId) => names[editorId] ?? "Unknown").join(", ") || "Nobody"}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Submitted</dt>
              <dd>
                {data.submittedById
                  ? `${names[data.submittedById] ?? "Unknown"}, ${formatDateTime(data.submittedAt)}`
                  : "Not yet"}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Approved and published</dt>
              <dd>
                {data.publishedAt
                  ? `${data.approvedById ? (names[data.approvedById] ?? "Unknown") : "Seeded baseline"}, ${formatDateTime(data.publishedAt)}`
                  : "Not yet"}
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-muted-foreground">Content hash</dt>
              <dd className="font-mono text-xs break-all">{data.contentHash}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>

      <Dialog open={rejecting} onOpenChange={setRejecting}>
        <DialogContent title="Return to draft" description="The author sees your note and can edit again.">
          <Field id="reject-note" label="Why">
            <Input id="reject-note" value={note} onChange={(event) => setNote(event.target.value)} />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setRejecting(false)}>
              Cancel
            </Button>
            <Button loading={sendBack.isPending} onClick={() => sendBack.mutate({ id, note })}>
              Return to draft
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
