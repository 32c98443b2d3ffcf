"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { QrCode, ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { errorMessage, fieldErrors, useTRPC } from "@/lib/trpc/client";
import {
  applicantSchema,
  BUREAU_CONSENT_TEXT,
  EMPLOYMENT_OPTIONS,
  type QrLinkInput,
} from "@/server/lending/schemas";
import { formatRupees } from "@/server/loans/domain/money";

type Form = {
  pan: string;
  dateOfBirth: string;
  monthlyIncomeRupees: string;
  employmentType: string;
  pincode: string;
  bureauConsent: boolean;
};

export function CheckoutStart({ link }: { link: QrLinkInput }) {
  const trpc = useTRPC();
  const router = useRouter();
  const described = useQuery({ ...trpc.lending.checkout.link.queryOptions(link), retry: false });
  const [form, setForm] = useState<Form>({
    pan: "",
    dateOfBirth: "",
    monthlyIncomeRupees: "",
    employmentType: "",
    pincode: "",
    bureauConsent: false,
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string | undefined>>({});
  const start = useMutation(
    trpc.lending.checkout.start.mutationOptions({
      onSuccess: (result) => router.push(`/checkout/a/${result.applicationId}`),
    }),
  );
  const serverErrors = fieldErrors(start.error);

  if (described.isPending) return <LoadingRows rows={3} label="Reading the store’s code" />;
  if (described.error)
    return (
      <EmptyState icon={QrCode} title="This code cannot be used">
        <span data-testid="link-error">{errorMessage(described.error)}</span>
      </EmptyState>
    );
  const purchase = described.data;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const candidate = {
      ...form,
      monthlyIncomeRupees:
        form.monthlyIncomeRupees.trim() === "" ? Number.NaN : Number(form.monthlyIncomeRupees),
    };
    const parsed = applicantSchema.safeParse(candidate);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      setLocalErrors(errors);
      return;
    }
    setLocalErrors({});
    start.mutate({ link, applicant: parsed.data });
  }

  const error = (field: keyof Form) => localErrors[field] ?? serverErrors[`applicant.${field}`]?.[0];

  return (
    <div className="grid gap-5">
      <section className="rounded-2xl border border-border bg-surface p-5 shadow-sm">
        <p className="text-sm text-muted-foreground">{purchase.storeName}</p>
        <p className="text-2xl font-semibold" data-testid="purchase-amount">
          {formatRupees(purchase.amountPaise)}
        </p>
        <p className="text-sm">{purchase.item}</p>
        <p className="mt-2 text-xs text-muted-foreground">
          {purchase.mode === "ALL_OFFERS"
            ? "You will see every willing lender’s offer side by side and choose one."
            : "We ask our lenders one by one and show you the first approval."}
        </p>
      </section>
      <form className="grid gap-4" noValidate onSubmit={submit} aria-label="EMI application">
        {start.error && !Object.keys(serverErrors).length ? (
          <Alert tone="danger" title="We could not start your application">
            <span data-testid="start-error">{errorMessage(start.error)}</span>
          </Alert>
        ) : null}
        <Field id="pan" label="PAN" error={error("pan")} hint="As printed on your PAN card">
          <Input
            id="pan"
            autoCapitalize="characters"
            autoComplete="off"
            maxLength={10}
            value={form.pan}
            aria-invalid={!!error("pan")}
            onChange={(e) => setForm({ ...form, pan: e.target.value.toUpperCase() })}
          />
        </Field>
        <Field id="dob" label="Date of birth" error={error("dateOfBirth")}>
          <Input
            id="dob"
            type="date"
            value={form.dateOfBirth}
            aria-invalid={!!error("dateOfBirth")}
            onChange={(e) => setForm({ ...form, dateOfBirth: e.target.value })}
          />
        </Field>
        <Field id="income" label="Monthly income (₹)" error={error("monthlyIncomeRupees")}>
          <Input
            id="income"
            inputMode="numeric"
            value={form.monthlyIncomeRupees}
            aria-invalid={!!error("monthlyIncomeRupees")}
            onChange={(e) => setForm({ ...form, monthlyIncomeRupees: e.target.value.replace(/[^\d]/g, "") })}
          />
        </Field>
        <Field id="employment" label="Employment" error={error("employmentType")}>
          <Select
            id="employment"
            value={form.employmentType}
            aria-invalid={!!error("employmentType")}
            onChange={(e) => setForm({ ...form, employmentType: e.target.value })}
          >
            <option value="">Choose…</option>
            {EMPLOYMENT_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="pincode" label="Pincode" error={error("pincode")}>
          <Input
            id="pincode"
            inputMode="numeric"
            maxLength={6}
            value={form.pincode}
            aria-invalid={!!error("pincode")}
            onChange={(e) => setForm({ ...form, pincode: e.target.value.replace(/[^\d]/g, "") })}
          />
        </Field>
        <div className="grid gap-1">
          <label
            htmlFor="consent"
            className="flex items-start gap-3 rounded-lg border border-border p-3 text-sm"
          >
            <input
              id="consent"
              type="checkbox"
              className="mt-0.5 size-5 shrink-0 accent-[var(--color-primary)]"
              checked={form.bureauConsent}
              onChange={(e) => setForm({ ...form, bureauConsent: e.target.checked })}
            />
            <span>{BUREAU_CONSENT_TEXT}</span>
          </label>
          {error("bureauConsent") ? (
            <p className="text-xs text-danger" role="alert">
              {error("bureauConsent")}
            </p>
          ) : null}
        </div>
        <Button type="submit" size="lg" loading={start.isPending}>
          Check my EMI options
        </Button>
        <p className="flex items-center gap-2 text-xs text-muted-foreground">
          <ShieldCheck className="size-4" aria-hidden /> Your PAN is encrypted and shared only with the
          lenders asked.
        </p>
      </form>
    </div>
  );
}
