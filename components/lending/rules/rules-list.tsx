"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Scale } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime } from "@/lib/utils";
import { StatusBadge } from "./status-badge";

export function RulesList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.lendingRules.versions.queryOptions());
  const recent = useQuery(trpc.lendingRules.recentEvaluations.queryOptions({ limit: 20 }));
  const create = useMutation(
    trpc.lendingRules.createDraft.mutationOptions({
      onSuccess: async (draft) => {
        toast.success(`Draft v${draft.version} created from the live version`);
        await queryClient.invalidateQueries({ queryKey: trpc.lendingRules.versions.queryKey() });
        router.push(`/admin/rules/${draft.id}`);
      },
    }),
  );
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <div className="flex flex-wrap gap-2">
        <Button loading={create.isPending} onClick={() => create.mutate({ title: "New rules draft" })}>
          New draft from live version
        </Button>
        <Button variant="outline" asChild>
          <Link href="/admin/rules/try">Try an application</Link>
        </Button>
      </div>
      {create.error ? <Alert tone="danger">{errorMessage(create.error)}</Alert> : null}
      <Card>
        <CardContent className="p-0">
          {versions.isPending ? (
            <div className="p-5">
              <LoadingRows rows={4} label="Loading rule versions" />
            </div>
          ) : versions.error ? (
            <div className="p-5">
              <Alert tone="danger" title="Could not load rule versions">
                {errorMessage(versions.error)} Reload the page to try again.
              </Alert>
            </div>
          ) : versions.data.length === 0 ? (
            <div className="p-5">
              <EmptyState icon={Scale} title="No rule versions yet">
                Restart the stack to seed the baseline (version 1), or create a draft.
              </EmptyState>
            </div>
          ) : (
            <div className="relative overflow-x-auto">
              <Table>
                <THead>
                  <TR>
                    <TH>Version</TH>
                    <TH>Title</TH>
                    <TH>Status</TH>
                    <TH>Created by</TH>
                    <TH>Approved by</TH>
                    <TH>Published</TH>
                  </TR>
                </THead>
                <TBody>
                  {versions.data.map((version) => (
                    <TR key={version.id}>
                      <TD>
                        <Link
                          className="font-medium text-primary hover:underline"
                          href={`/admin/rules/${version.id}`}
                        >
                          v{version.version}
                        </Link>
                      </TD>
                      <TD>{version.title}</TD>
                      <TD>
                        <StatusBadge status={version.status} current={version.current} />
                      </TD>
                      <TD>{version.createdByName}</TD>
                      <TD>{version.approvedByName ?? "—"}</TD>
                      <TD>{version.publishedAt ? formatDateTime(version.publishedAt) : "—"}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle>Recent decisions</CardTitle>
            <CardDescription>
              The last applications the selector decided, with the rule version each one keeps.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          {recent.isPending ? (
            <LoadingRows rows={3} label="Loading recent decisions" />
          ) : recent.error ? (
            <Alert tone="danger">{errorMessage(recent.error)}</Alert>
          ) : recent.data.length === 0 ? (
            <EmptyState title="No applications decided yet">
              Each checkout application records its rule version, facts, lender order and the engine's trace
              here. Use "Try an application" to evaluate without recording.
            </EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <Table>
                <THead>
                  <TR>
                    <TH>Application</TH>
                    <TH>Rules</TH>
                    <TH>Lenders asked</TH>
                    <TH>Not asked</TH>
                    <TH>When</TH>
                  </TR>
                </THead>
                <TBody>
                  {recent.data.map((row) => (
                    <TR key={row.applicationId}>
                      <TD className="font-mono text-xs">{row.applicationId}</TD>
                      <TD>v{row.version}</TD>
                      <TD className="font-mono text-xs">
                        {row.lenders.map((lender) => lender.lenderCode).join(" → ") || "none"}
                      </TD>
                      <TD className="text-xs">
                        {row.ineligible.map((lender) => lender.lenderCode).join(", ") || "—"}
                      </TD>
                      <TD>{formatDateTime(row.evaluatedAt)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
