"use client";

import { useQuery } from "@tanstack/react-query";
import { Inbox, MessageSquare } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime } from "@/lib/utils";

export function MessagesPanel() {
  const trpc = useTRPC();
  const sink = useQuery({ ...trpc.ops.sinkInbox.queryOptions({}), refetchInterval: 3_000 });
  const log = useQuery({ ...trpc.ops.messages.queryOptions({}), refetchInterval: 5_000 });
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Sandbox inbox</CardTitle>
            <CardDescription>
              What the sandbox SMS and email sinks received, exactly as a phone or mailbox would.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          {sink.isPending ? (
            <LoadingRows label="Loading sandbox inbox" />
          ) : sink.error ? (
            <Alert tone="danger">{errorMessage(sink.error)}</Alert>
          ) : !sink.data.available ? (
            <Alert tone="warning" title="Sandbox not reachable">
              Start the stack with the README’s start command; it runs the sandbox. ({sink.data.error})
            </Alert>
          ) : sink.data.messages.length === 0 ? (
            <EmptyState icon={Inbox} title="Nothing received yet">
              Ask for a sign-in code at /checkout and it appears here within a second or two.
            </EmptyState>
          ) : (
            <ul className="grid gap-2" data-testid="sink-messages">
              {sink.data.messages.map((message) => (
                <li key={message.id} className="rounded-lg border border-border p-3">
                  <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground">
                    <span>
                      <Badge tone={message.channel === "sms" ? "info" : "primary"}>
                        {message.channel.toUpperCase()}
                      </Badge>{" "}
                      to <span className="font-mono">{message.to}</span>
                    </span>
                    <time dateTime={message.receivedAt}>{formatDateTime(message.receivedAt)}</time>
                  </div>
                  {message.subject ? <p className="mt-2 text-sm font-medium">{message.subject}</p> : null}
                  <p className="mt-1 text-sm break-words whitespace-pre-wrap">{message.body}</p>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Delivery log</CardTitle>
            <CardDescription>
              Every message Flux queued, with its delivery state. Codes are masked here.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="p-0">
          {log.isPending ? (
            <div className="p-4">
              <LoadingRows label="Loading delivery log" />
            </div>
          ) : log.error ? (
            <div className="p-4">
              <Alert tone="danger">{errorMessage(log.error)}</Alert>
            </div>
          ) : log.data.length === 0 ? (
            <div className="p-4">
              <EmptyState icon={MessageSquare} title="No messages yet" />
            </div>
          ) : (
            <Table>
              <THead>
                <tr>
                  <TH>To</TH>
                  <TH>Template</TH>
                  <TH>Status</TH>
                  <TH className="hidden sm:table-cell">Queued</TH>
                </tr>
              </THead>
              <TBody>
                {log.data.map((message) => (
                  <TR key={message.id}>
                    <TD>
                      <span className="font-mono text-xs">{message.recipient}</span>
                      <p className="text-xs text-muted-foreground">{message.preview}</p>
                    </TD>
                    <TD className="text-xs">{message.template}</TD>
                    <TD>
                      <Badge
                        tone={
                          message.status === "SENT"
                            ? "success"
                            : message.status === "FAILED"
                              ? "danger"
                              : "warning"
                        }
                      >
                        {message.status.toLowerCase()}
                      </Badge>
                      {message.lastError ? (
                        <p className="mt-1 text-xs text-danger">{message.lastError}</p>
                      ) : null}
                    </TD>
                    <TD className="hidden text-xs text-muted-foreground sm:table-cell">
                      {formatDateTime(message.createdAt)}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
