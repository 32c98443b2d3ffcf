"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { formatDateTime } from "@/lib/utils";
import { BusinessDateControl } from "./admin-loan-book";
import { day, rupees } from "./format";

/** The EMI reminder schedule: what the 4 PM batch will send on each coming day, and past batches. */
export function RemindersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schedule = useQuery({ ...trpc.loans.reminders.queryOptions(), refetchInterval: 5_000 });
  const run = useMutation(
    trpc.loans.runReminders.mutationOptions({
      onSuccess: async ({ dueDate }) => {
        toast.success(`Reminder batch queued for instalments due ${day(dueDate)}`);
        await queryClient.invalidateQueries({ queryKey: trpc.loans.reminders.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <div className="grid gap-6">
      <BusinessDateControl />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>EMI reminder schedule</CardTitle>
            <CardDescription>
              Every day at 4 PM IST the batch sends an SMS (and email) for each instalment due the next day,
              through the rate-limited notifications queue (retries with backoff; failures land in{" "}
              <Link className="text-primary hover:underline" href="/admin/queues">
                Queues → dead letters
              </Link>
              ).
            </CardDescription>
          </div>
          <Button onClick={() => run.mutate()} loading={run.isPending} variant="outline">
            <BellRing aria-hidden /> Run for tomorrow now
          </Button>
        </CardHeader>
        <CardContent>
          {schedule.isPending ? (
            <LoadingRows label="Loading the schedule" />
          ) : schedule.error ? (
            <Alert tone="danger">{errorMessage(schedule.error)}</Alert>
          ) : schedule.data.upcoming.length === 0 ? (
            <EmptyState icon={BellRing} title="No instalments due in the next 7 days">
              Reminders appear here as loans' due dates come near. Move the business date forward to see them.
            </EmptyState>
          ) : (
            <Table data-testid="reminder-schedule">
              <THead>
                <tr>
                  <TH>Reminder sent</TH>
                  <TH>For instalments due</TH>
                  <TH className="text-right">Loans</TH>
                  <TH className="text-right">Amount due</TH>
                </tr>
              </THead>
              <TBody>
                {schedule.data.upcoming.map((row) => (
                  <TR key={row.dueDate}>
                    <TD>{day(row.reminderOn)}, 4 PM</TD>
                    <TD>{day(row.dueDate)}</TD>
                    <TD className="text-right tabular-nums">{row.loans}</TD>
                    <TD className="text-right tabular-nums">{rupees(row.amountPaise)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Past batches</CardTitle>
        </CardHeader>
        <CardContent>
          {schedule.data?.batches.length ? (
            <Table>
              <THead>
                <tr>
                  <TH>Started</TH>
                  <TH>Due date</TH>
                  <TH className="text-right">Selected</TH>
                  <TH className="text-right">Queued</TH>
                  <TH className="text-right">Already sent</TH>
                  <TH>Finished</TH>
                </tr>
              </THead>
              <TBody>
                {schedule.data.batches.map((batch) => (
                  <TR key={batch.id}>
                    <TD>{formatDateTime(batch.startedAt)}</TD>
                    <TD>{day(batch.dueDate)}</TD>
                    <TD className="text-right tabular-nums">{batch.selected}</TD>
                    <TD className="text-right tabular-nums">{batch.queued}</TD>
                    <TD className="text-right tabular-nums">{batch.skipped}</TD>
                    <TD>{batch.finishedAt ? formatDateTime(batch.finishedAt) : "running…"}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : (
            <p className="text-sm text-muted-foreground">No batch has run on this stack yet.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
