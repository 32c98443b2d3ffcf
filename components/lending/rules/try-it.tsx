"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { errorMessage, fieldErrors, useTRPC } from "@/lib/trpc/client";
import { EMPLOYMENT_TYPES, MERCHANT_CATEGORIES } from "@/server/lending/rules/domain/facts";

const DEFAULTS = {
  dateOfBirth: "1994-07-15",
  bureauScore: "742",
  monthlyIncomeRupees: "60000",
  employmentType: "SALARIED" as (typeof EMPLOYMENT_TYPES)[number],
  pincode: "560034",
  ticketRupees: "50000",
  merchantCategory: "ELECTRONICS",
};

export function TryIt({ initialVersionId }: { initialVersionId?: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.lendingRules.versions.queryOptions());
  const [form, setForm] = useState(DEFAULTS);
  const [versionId, setVersionId] = useState(initialVersionId ?? "");
  const evaluate = useMutation(trpc.lendingRules.evaluate.mutationOptions());
  const errors = fieldErrors(evaluate.error);
  const set = (key: keyof typeof DEFAULTS) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });
  const toInt = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
  const result = evaluate.data;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <Card>
        <CardHeader>
          <div className="grid gap-1">
            <CardTitle>Applicant</CardTitle>
            <CardDescription>Nothing is recorded: this only shows what the rules decide.</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <form
            className="grid gap-3"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              evaluate.mutate({
                dateOfBirth: form.dateOfBirth,
                bureauScore: form.bureauScore.trim() === "" ? null : toInt(form.bureauScore),
                monthlyIncomeRupees: toInt(form.monthlyIncomeRupees),
                employmentType: form.employmentType,
                pincode: form.pincode,
                ticketRupees: toInt(form.ticketRupees),
                merchantCategory: form.merchantCategory,
                versionId: versionId || undefined,
              });
            }}
          >
            <Field id="try-version" label="Rule version">
              <Select
                id="try-version"
                value={versionId}
                onChange={(event) => setVersionId(event.target.value)}
              >
                <option value="">Live version</option>
                {versions.data?.map((version) => (
                  <option key={version.id} value={version.id}>
                    v{version.version} · {version.status.toLowerCase().replace("_", " ")}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="try-dob" label="Date of birth" error={errors.dateOfBirth?.[0]}>
              <Input id="try-dob" type="date" value={form.dateOfBirth} onChange={set("dateOfBirth")} />
            </Field>
            <Field
              id="try-score"
              label="Bureau score"
              hint="300-900; leave blank for no credit file"
              error={errors.bureauScore?.[0]}
            >
              <Input
                id="try-score"
                inputMode="numeric"
                value={form.bureauScore}
                onChange={set("bureauScore")}
              />
            </Field>
            <Field id="try-income" label="Monthly income (₹)" error={errors.monthlyIncomeRupees?.[0]}>
              <Input
                id="try-income"
                inputMode="numeric"
                value={form.monthlyIncomeRupees}
                onChange={set("monthlyIncomeRupees")}
              />
            </Field>
            <Field id="try-employment" label="Employment">
              <Select id="try-employment" value={form.employmentType} onChange={set("employmentType")}>
                {EMPLOYMENT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type.replace("_", " ").toLowerCase()}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="try-pincode" label="Pincode" error={errors.pincode?.[0]}>
              <Input id="try-pincode" inputMode="numeric" value={form.pincode} onChange={set("pincode")} />
            </Field>
            <Field id="try-ticket" label="Ticket (₹)" error={errors.ticketRupees?.[0]}>
              <Input
                id="try-ticket"
                inputMode="numeric"
                value={form.ticketRupees}
                onChange={set("ticketRupees")}
              />
            </Field>
            <Field id="try-category" label="Merchant category">
              <Select id="try-category" value={form.merchantCategory} onChange={set("merchantCategory")}>
                {MERCHANT_CATEGORIES.map((category) => (
                  <option key={category} value={category}>
                    {category.toLowerCase()}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" loading={evaluate.isPending}>
              Evaluate
            </Button>
          </form>
        </CardContent>
      </Card>
      <div className="grid content-start gap-4">
        {evaluate.error && !Object.keys(errors).length ? (
          <Alert tone="danger">{errorMessage(evaluate.error)}</Alert>
        ) : null}
        {!result && !evaluate.error ? (
          <Alert tone="info">
            Fill in an applicant and press Evaluate to see which lenders are asked, in what order.
          </Alert>
        ) : null}
        {result ? (
          <>
            <Card>
              <CardHeader>
                <div className="grid gap-1">
                  <CardTitle>Lenders asked, in order (rules v{result.ruleVersion})</CardTitle>
                  <CardDescription>
                    Age {result.facts.ageYears} · bureau{" "}
                    {result.facts.bureauBand.replace("_", " ").toLowerCase()} · pincode risk{" "}
                    {result.facts.pincodeRiskWeight}
                    {result.facts.pincodeState
                      ? ` (${result.facts.pincodeState.toLowerCase()})`
                      : " (unknown area)"}
                  </CardDescription>
                </div>
              </CardHeader>
              <CardContent>
                {result.lenders.length ? (
                  <ol className="grid gap-2" data-testid="tryit-order" aria-label="Lender order">
                    {result.lenders.map((lender) => (
                      <li
                        key={lender.lenderCode}
                        className="flex items-center gap-3 rounded-lg border border-border px-3 py-2"
                      >
                        <Badge tone="primary">{lender.rank}</Badge>
                        <span className="font-medium" data-lender={lender.lenderCode}>
                          {lender.lenderCode}
                        </span>
                      </li>
                    ))}
                  </ol>
                ) : (
                  <Alert tone="warning" title="No lender would be asked">
                    Every lender's policy excludes this applicant (reasons below). The shopper would be
                    declined without a lender call.
                  </Alert>
                )}
              </CardContent>
            </Card>
            {result.ineligible.length ? (
              <Card>
                <CardHeader>
                  <CardTitle>Not asked</CardTitle>
                </CardHeader>
                <CardContent>
                  <ul className="grid gap-2 text-sm">
                    {result.ineligible.map((lender) => (
                      <li key={lender.lenderCode}>
                        <span className="font-medium">{lender.lenderCode}</span>: {lender.reason}
                      </li>
                    ))}
                  </ul>
                </CardContent>
              </Card>
            ) : null}
            <details className="rounded-lg border border-border p-3 text-sm">
              <summary className="cursor-pointer font-medium">Engine trace</summary>
              <pre className="mt-2 max-h-96 overflow-auto text-xs">
                {JSON.stringify(result.trace, null, 2)}
              </pre>
            </details>
          </>
        ) : null}
      </div>
    </div>
  );
}
