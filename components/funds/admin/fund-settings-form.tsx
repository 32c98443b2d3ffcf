"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { errorMessage, fieldErrors, useTRPC } from "@/lib/trpc/client";

export function FundSettingsForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.funds.settings.queryOptions());
  const [form, setForm] = useState({
    sourceKind: "url" as "url" | "folder",
    sourceUrl: "",
    dropFolder: "",
    pollEnabled: true,
    jumpThresholdPercent: "20",
    futureWindowDays: "1",
    holidays: "",
    alertEmail: "",
  });
  useEffect(() => {
    if (!settings.data) return;
    setForm({
      sourceKind: settings.data.sourceKind,
      sourceUrl: settings.data.sourceUrl ?? "",
      dropFolder: settings.data.dropFolder ?? "",
      pollEnabled: settings.data.pollEnabled,
      jumpThresholdPercent: (settings.data.jumpThresholdBps / 100).toString(),
      futureWindowDays: String(settings.data.futureWindowDays),
      holidays: settings.data.holidays.join("\n"),
      alertEmail: settings.data.alertEmail ?? "",
    });
  }, [settings.data]);
  const save = useMutation(
    trpc.funds.updateSettings.mutationOptions({
      onSuccess: async () => {
        toast.success("Settings saved");
        await queryClient.invalidateQueries({ queryKey: trpc.funds.settings.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(save.error);
  if (settings.error) return <Alert tone="danger">{errorMessage(settings.error)}</Alert>;
  if (settings.isPending) return <LoadingRows rows={6} />;
  const percent = /^\d+(\.\d{1,2})?$/.test(form.jumpThresholdPercent.trim())
    ? Math.round(Number(form.jumpThresholdPercent.trim()) * 100)
    : Number.NaN;
  return (
    <form
      className="grid gap-6 lg:grid-cols-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          sourceKind: form.sourceKind,
          sourceUrl: form.sourceUrl,
          dropFolder: form.dropFolder,
          pollEnabled: form.pollEnabled,
          jumpThresholdBps: percent,
          futureWindowDays: Number(form.futureWindowDays),
          holidays: form.holidays
            .split(/[\s,]+/)
            .map((d) => d.trim())
            .filter(Boolean),
          alertEmail: form.alertEmail,
        });
      }}
    >
      <Card>
        <CardHeader>
          <div>
            <CardTitle>NAV source</CardTitle>
            <CardDescription>Where the poller fetches AMFI's NAV file from.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          {save.error && !Object.keys(errors).length ? (
            <Alert tone="danger">{errorMessage(save.error)}</Alert>
          ) : null}
          <Field id="source-kind" label="Source">
            <Select
              id="source-kind"
              value={form.sourceKind}
              onChange={(e) => setForm({ ...form, sourceKind: e.target.value as "url" | "folder" })}
            >
              <option value="url">HTTP URL</option>
              <option value="folder">Drop folder (SFTP landing folder)</option>
            </Select>
          </Field>
          <Field
            id="source-url"
            label="URL"
            hint="Empty = the sandbox's AMFI host. Real: https://www.amfiindia.com/spages/NAVAll.txt"
            error={errors.sourceUrl?.[0]}
          >
            <Input
              id="source-url"
              value={form.sourceUrl}
              onChange={(e) => setForm({ ...form, sourceUrl: e.target.value })}
              aria-invalid={!!errors.sourceUrl}
            />
          </Field>
          <Field id="drop-folder" label="Drop folder" error={errors.dropFolder?.[0]}>
            <Input
              id="drop-folder"
              value={form.dropFolder}
              onChange={(e) => setForm({ ...form, dropFolder: e.target.value })}
              aria-invalid={!!errors.dropFolder}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-[var(--color-primary)]"
              checked={form.pollEnabled}
              onChange={(e) => setForm({ ...form, pollEnabled: e.target.checked })}
            />
            Poll automatically (every 15 min in publishing windows, hourly outside)
          </label>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Validation and freshness</CardTitle>
            <CardDescription>Applied to every ingested row and to the freshness alert.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field
            id="jump-threshold"
            label="Hold a NAV for review when it moves more than (%)"
            error={
              errors.jumpThresholdBps?.[0] ??
              (Number.isNaN(percent) ? "Enter a percentage such as 20 or 7.5" : undefined)
            }
          >
            <Input
              id="jump-threshold"
              inputMode="decimal"
              value={form.jumpThresholdPercent}
              onChange={(e) => setForm({ ...form, jumpThresholdPercent: e.target.value })}
            />
          </Field>
          <Field
            id="future-window"
            label="Accept NAV dates up to this many days after today"
            error={errors.futureWindowDays?.[0]}
          >
            <Input
              id="future-window"
              inputMode="numeric"
              value={form.futureWindowDays}
              onChange={(e) => setForm({ ...form, futureWindowDays: e.target.value })}
            />
          </Field>
          <Field
            id="holidays"
            label="Market holidays (YYYY-MM-DD, one per line)"
            hint="Weekends are never business days."
            error={errors.holidays?.[0]}
          >
            <textarea
              id="holidays"
              rows={5}
              className="w-full rounded-lg border border-input bg-surface px-3 py-2 font-mono text-sm"
              value={form.holidays}
              onChange={(e) => setForm({ ...form, holidays: e.target.value })}
            />
          </Field>
          <Field id="alert-email" label="Send freshness alerts to" error={errors.alertEmail?.[0]}>
            <Input
              id="alert-email"
              type="email"
              value={form.alertEmail}
              onChange={(e) => setForm({ ...form, alertEmail: e.target.value })}
            />
          </Field>
        </CardContent>
      </Card>
      <div className="lg:col-span-2 flex justify-end">
        <Button type="submit" loading={save.isPending} disabled={Number.isNaN(percent)}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
