"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ScrollText, ShieldCheck } from "lucide-react";
import { Fragment, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime, formatNumber } from "@/lib/utils";

function VerificationPanel({ canVerify }: { canVerify: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const verifications = useQuery({
    ...trpc.audit.verifications.queryOptions(),
    refetchInterval: (query) => (query.state.data?.some((run) => !run.finishedAt) ? 1_000 : false),
  });
  const verify = useMutation(
    trpc.audit.verify.mutationOptions({
      onSuccess: async () => {
        toast.info("Verification started: every hash chain is being re-computed");
        await queryClient.invalidateQueries({ queryKey: trpc.audit.verifications.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const latest = verifications.data?.[0];
  const running = latest && !latest.finishedAt;
  const firstBreak = latest?.firstBreak as {
    reason: string;
    chainKey: string;
    chainSeq: number;
    eventId: string | null;
    detail: string;
    breakCount: number;
  } | null;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Chain integrity</CardTitle>
          <CardDescription>
            Each row carries a SHA-256 over its fields and the previous row’s hash; anchors seal every chain’s
            head.
          </CardDescription>
        </div>
        {canVerify ? (
          <Button
            onClick={() => verify.mutate()}
            loading={verify.isPending || !!running}
            data-testid="verify-audit"
          >
            <ShieldCheck aria-hidden /> {running ? "Verifying…" : "Verify now"}
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="text-sm" aria-live="polite">
        {!latest ? (
          <p className="text-muted-foreground">No verification has run yet.</p>
        ) : running ? (
          <p className="text-muted-foreground">Started {formatDateTime(latest.startedAt)}; checking…</p>
        ) : latest.ok ? (
          <Alert tone="success" title="The audit trail is intact">
            {formatNumber(latest.eventsChecked)} events in {formatNumber(latest.chainsChecked)} chains and{" "}
            {formatNumber(latest.anchorsChecked)} anchors checked, {formatDateTime(latest.finishedAt)}.
          </Alert>
        ) : (
          <Alert tone="danger" title="Broken link found">
            First break: event {firstBreak?.eventId ?? "(sealed row missing)"} in chain{" "}
            <code>{firstBreak?.chainKey}</code> at #{firstBreak?.chainSeq}: {firstBreak?.detail} (
            {firstBreak?.reason}). {firstBreak?.breakCount} break(s) in total.
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

export function AuditTrail({ canVerify }: { canVerify: boolean }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState({ text: "", action: "", entityType: "", entityId: "" });
  const [filters, setFilters] = useState(draft);
  const [expanded, setExpanded] = useState<string | null>(null);
  const clean = Object.fromEntries(Object.entries(filters).filter(([, value]) => value.trim() !== ""));
  const results = useInfiniteQuery(
    trpc.audit.search.infiniteQueryOptions(
      { ...clean, limit: 50 },
      { getNextPageParam: (page) => page.nextBefore },
    ),
  );
  const rows = results.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="grid gap-6">
      <VerificationPanel canVerify={canVerify} />
      <Card>
        <form
          className="grid gap-3 border-b border-border p-4 sm:grid-cols-2 lg:grid-cols-5"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          {(
            [
              ["text", "Search", "action, id, actor, correlation"],
              ["action", "Action starts with", "user."],
              ["entityType", "Entity type", "user"],
              ["entityId", "Entity id", ""],
            ] as const
          ).map(([key, label, placeholder]) => (
            <div key={key} className="grid gap-1">
              <label htmlFor={`audit-${key}`} className="text-xs font-medium text-muted-foreground">
                {label}
              </label>
              <Input
                id={`audit-${key}`}
                placeholder={placeholder}
                value={draft[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
            </div>
          ))}
          <div className="flex items-end">
            <Button type="submit" className="w-full">
              Search
            </Button>
          </div>
        </form>
        <CardContent className="p-0">
          {results.isPending ? (
            <div className="p-4">
              <LoadingRows label="Loading audit events" />
            </div>
          ) : results.error ? (
            <div className="p-4">
              <Alert tone="danger">{errorMessage(results.error)}</Alert>
            </div>
          ) : rows.length === 0 ? (
            <div className="p-4">
              <EmptyState icon={ScrollText} title="No audit events match">
                Clear a filter, or search by a user id, an action such as <code>user.</code> or a correlation
                id.
              </EmptyState>
            </div>
          ) : (
            <Table>
              <THead>
                <tr>
                  <TH>When (IST)</TH>
                  <TH>Action</TH>
                  <TH>Entity</TH>
                  <TH className="hidden md:table-cell">Actor</TH>
                  <TH className="hidden lg:table-cell">Hash</TH>
                </tr>
              </THead>
              <TBody data-testid="audit-rows">
                {rows.map((row) => (
                  <Fragment key={row.id}>
                    <TR
                      className="cursor-pointer"
                      onClick={() => setExpanded(expanded === row.id ? null : row.id)}
                    >
                      <TD className="whitespace-nowrap text-muted-foreground">
                        {formatDateTime(row.occurredAt)}
                      </TD>
                      <TD>
                        <button
                          type="button"
                          className="text-left font-medium hover:underline"
                          aria-expanded={expanded === row.id}
                        >
                          {row.action}
                        </button>
                      </TD>
                      <TD className="max-w-[14rem] truncate font-mono text-xs">
                        {row.entityType}:{row.entityId}
                      </TD>
                      <TD className="hidden max-w-[12rem] truncate font-mono text-xs md:table-cell">
                        {row.actorId ?? "—"}
                      </TD>
                      <TD className="hidden font-mono text-xs text-muted-foreground lg:table-cell">
                        {row.hash.slice(0, 12)}…
                      </TD>
                    </TR>
                    {expanded === row.id ? (
                      <tr className="bg-muted/40">
                        <td colSpan={5} className="p-4">
                          <dl className="grid gap-2 text-xs sm:grid-cols-2">
                            <div>
                              <dt className="font-medium">Chain</dt>
                              <dd className="font-mono break-all">
                                {row.chainKey} #{row.chainSeq}
                              </dd>
                            </div>
                            <div>
                              <dt className="font-medium">Correlation id · IP</dt>
                              <dd className="font-mono break-all">
                                {row.correlationId ?? "—"} · {row.ip ?? "—"}
                              </dd>
                            </div>
                            <div>
                              <dt className="font-medium">Hash</dt>
                              <dd className="font-mono break-all">{row.hash}</dd>
                            </div>
                            <div>
                              <dt className="font-medium">Previous hash</dt>
                              <dd className="font-mono break-all">{row.prevHash}</dd>
                            </div>
                            <div className="sm:col-span-2">
                              <dt className="font-medium">Summary</dt>
                              <dd>
                                <pre className="mt-1 max-h-64 overflow-auto rounded bg-surface p-2">
                                  {JSON.stringify(row.summary, null, 2)}
                                </pre>
                              </dd>
                            </div>
                          </dl>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
        {results.hasNextPage ? (
          <div className="border-t border-border p-3 text-center">
            <Button
              variant="outline"
              size="sm"
              loading={results.isFetchingNextPage}
              onClick={() => results.fetchNextPage()}
            >
              Load older events
            </Button>
          </div>
        ) : rows.length > 0 ? (
          <p className="border-t border-border p-3 text-center text-xs text-muted-foreground">
            <Badge tone="neutral">{rows.length}</Badge> events shown · that is all
          </p>
        ) : null}
      </Card>
    </div>
  );
}
