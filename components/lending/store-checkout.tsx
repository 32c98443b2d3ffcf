"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { QrCode, ShoppingBag } from "lucide-react";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, fieldErrors, useTRPC } from "@/lib/trpc/client";
import { formatRelative } from "@/lib/utils";
import { formatRupees } from "@/server/loans/domain/money";

const STATUS_TONE: Record<string, "neutral" | "primary" | "success" | "warning" | "danger" | "info"> = {
  SUBMITTED: "info",
  IN_PROGRESS: "info",
  OFFERED: "primary",
  ACCEPTED: "success",
  DECLINED: "danger",
  EXPIRED: "warning",
  CANCELLED: "neutral",
};

const STATUS_LABEL: Record<string, string> = {
  SUBMITTED: "Started",
  IN_PROGRESS: "Asking lenders",
  OFFERED: "Choosing an offer",
  ACCEPTED: "Approved: hand over",
  DECLINED: "Not approved",
  EXPIRED: "Offers expired",
  CANCELLED: "Cancelled",
};

function QrGenerator() {
  const trpc = useTRPC();
  const stores = useQuery(trpc.lending.store.stores.queryOptions());
  const [form, setForm] = useState({ storeId: "", amount: "", item: "" });
  const [svg, setSvg] = useState<string | null>(null);
  const create = useMutation(trpc.lending.store.createQr.mutationOptions());
  const errors = fieldErrors(create.error);
  const link = create.data
    ? `${typeof window === "undefined" ? "" : window.location.origin}${create.data.path}`
    : null;

  useEffect(() => {
    if (!link) return;
    QRCode.toDataURL(link, { margin: 1, width: 220 })
      .then(setSvg)
      .catch(() => setSvg(null));
  }, [link]);

  useEffect(() => {
    if (!form.storeId && stores.data?.[0]) setForm((f) => ({ ...f, storeId: stores.data[0]!.id }));
  }, [stores.data, form.storeId]);

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Show a checkout QR</CardTitle>
          <CardDescription>
            Enter the bill amount; the shopper scans the code with their phone. Codes are signed (a changed
            amount is refused) and expire after 30 minutes.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {stores.error ? <Alert tone="danger">{errorMessage(stores.error)}</Alert> : null}
        <form
          className="grid gap-3 sm:grid-cols-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(form);
          }}
        >
          <Field id="qr-store" label="Store" error={errors.storeId?.[0]}>
            <Select
              id="qr-store"
              value={form.storeId}
              onChange={(e) => setForm({ ...form, storeId: e.target.value })}
            >
              {(stores.data ?? []).map((store) => (
                <option key={store.id} value={store.id}>
                  {store.name} ({store.lendingMode === "ALL_OFFERS" ? "all offers" : "waterfall"})
                </option>
              ))}
            </Select>
          </Field>
          <Field id="qr-amount" label="Amount (₹)" error={errors.amount?.[0]}>
            <Input
              id="qr-amount"
              inputMode="decimal"
              value={form.amount}
              onChange={(e) => setForm({ ...form, amount: e.target.value })}
              aria-invalid={!!errors.amount}
            />
          </Field>
          <Field id="qr-item" label="Item" error={errors.item?.[0]}>
            <Input
              id="qr-item"
              value={form.item}
              onChange={(e) => setForm({ ...form, item: e.target.value })}
              aria-invalid={!!errors.item}
            />
          </Field>
          <div className="sm:col-span-3">
            <Button type="submit" loading={create.isPending}>
              <QrCode aria-hidden /> Generate QR code
            </Button>
          </div>
        </form>
        {create.error && !Object.keys(errors).length ? (
          <Alert tone="danger">{errorMessage(create.error)}</Alert>
        ) : null}
        {create.data && link ? (
          <div className="grid items-center gap-4 sm:grid-cols-[auto_1fr]">
            {svg ? (
              // biome-ignore lint/performance/noImgElement: a data: URL generated in the browser; next/image adds nothing here
              <img
                src={svg}
                alt={`QR code for ${create.data.storeName}, ₹${create.data.amountText}`}
                width={220}
                height={220}
                className="rounded-lg bg-white p-1"
              />
            ) : null}
            <div className="grid gap-1 text-sm">
              <p className="font-medium">
                {create.data.storeName}: ₹{create.data.amountText}
              </p>
              <a href={link} className="break-all text-primary underline" data-testid="qr-link">
                {link}
              </a>
              <p className="text-xs text-muted-foreground">
                Valid until {new Date(create.data.expiresAt).toLocaleTimeString()}
              </p>
            </div>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function LiveApplications() {
  const trpc = useTRPC();
  // Polled every 750 ms: an approval shows here within a second.
  const applications = useQuery({ ...trpc.lending.store.applications.queryOptions(), refetchInterval: 750 });
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Today’s EMI applications</CardTitle>
          <CardDescription>
            Updates live. Hand over the goods when a row says “Approved: hand over”.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="p-0">
        {applications.isPending ? (
          <div className="p-4">
            <LoadingRows rows={3} />
          </div>
        ) : applications.error ? (
          <div className="p-4">
            <Alert tone="danger">{errorMessage(applications.error)} It will retry by itself.</Alert>
          </div>
        ) : applications.data.length === 0 ? (
          <div className="p-4">
            <EmptyState icon={ShoppingBag} title="No applications yet today">
              Generate a QR code above and ask the shopper to scan it.
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <THead>
                <tr>
                  <TH>When</TH>
                  <TH>Item</TH>
                  <TH className="text-right">Amount</TH>
                  <TH>Status</TH>
                  <TH>Lender</TH>
                </tr>
              </THead>
              <TBody>
                {applications.data.map((row) => (
                  <TR
                    key={row.id}
                    data-testid="store-application"
                    data-reference={row.reference}
                    data-status={row.status}
                  >
                    <TD className="whitespace-nowrap">{formatRelative(row.createdAt)}</TD>
                    <TD>
                      {row.item}
                      <span className="block text-xs text-muted-foreground">
                        {row.reference} · {row.storeName} · PAN {row.panMasked}
                      </span>
                    </TD>
                    <TD className="text-right">{formatRupees(row.ticketPaise)}</TD>
                    <TD>
                      <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status] ?? row.status}</Badge>
                    </TD>
                    <TD>
                      {row.acceptedLender
                        ? `${row.acceptedLender}: ${row.tenorMonths} × ${formatRupees(row.emiPaise ?? 0n)}`
                        : "—"}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

export function StoreCheckout() {
  return (
    <div className="grid gap-6">
      <QrGenerator />
      <LiveApplications />
    </div>
  );
}
