"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { getSession, signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/feedback";
import { Field, Input } from "@/components/ui/input";
import { homePathFor, ROLE_LABELS, type Role } from "@/server/auth/permissions";
import { passwordSignInSchema } from "@/server/auth/schemas";

type Values = z.input<typeof passwordSignInSchema>;

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeCallback(url: string | undefined): string | null {
  return url?.startsWith("/") && !url.startsWith("//") ? url : null;
}

export function SignInForm({
  callbackUrl,
  demo,
}: {
  callbackUrl?: string;
  demo: { accounts: { email: string; name: string; role: Role }[]; password: string } | null;
}) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(passwordSignInSchema),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: Values) {
    setServerError(null);
    const result = await signIn("password", {
      redirect: false,
      email: values.email,
      password: values.password,
    });
    if (!result || result.error) {
      setServerError(
        result?.error && result.error !== "CredentialsSignin"
          ? result.error
          : "Email or password is incorrect.",
      );
      return;
    }
    const session = await getSession();
    const roles = ((session?.user as { roles?: string[] } | undefined)?.roles ?? []) as string[];
    router.replace(safeCallback(callbackUrl) ?? homePathFor(roles));
    router.refresh();
  }

  return (
    <div className="grid w-full max-w-md gap-6">
      <div className="rounded-xl border border-border bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Admins, partners, investors, distributors, compliance and store staff.
        </p>
        <form className="mt-6 grid gap-4" onSubmit={form.handleSubmit(onSubmit)} noValidate>
          {serverError ? (
            <Alert tone="danger" title="Could not sign you in">
              {serverError}
            </Alert>
          ) : null}
          <Field id="email" label="Email" error={errors.email?.message}>
            <Input
              id="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              aria-invalid={!!errors.email}
              aria-describedby={errors.email ? "email-error" : undefined}
              {...form.register("email")}
            />
          </Field>
          <Field id="password" label="Password" error={errors.password?.message}>
            <Input
              id="password"
              type="password"
              autoComplete="current-password"
              aria-invalid={!!errors.password}
              aria-describedby={errors.password ? "password-error" : undefined}
              {...form.register("password")}
            />
          </Field>
          <Button type="submit" loading={isSubmitting} className="mt-2 w-full">
            Sign in
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-muted-foreground">
          Shopping with EMI?{" "}
          <a className="font-medium text-primary hover:underline" href="/checkout">
            Sign in with your phone
          </a>
        </p>
      </div>

      {demo ? (
        <div className="rounded-xl border border-dashed border-border p-5">
          <h2 className="text-sm font-semibold">Demo accounts</h2>
          <p className="mt-1 text-xs text-muted-foreground">
            Password for all: <code className="rounded bg-muted px-1">{demo.password}</code>. Choose one to
            fill the form.
          </p>
          <ul className="mt-3 grid gap-1.5 sm:grid-cols-2">
            {demo.accounts.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  className="w-full rounded-lg border border-border bg-surface px-3 py-2 text-left text-sm hover:border-primary"
                  onClick={() => {
                    form.setValue("email", account.email);
                    form.setValue("password", demo.password);
                  }}
                >
                  <span className="block font-medium">{ROLE_LABELS[account.role]}</span>
                  <span className="block truncate text-xs text-muted-foreground">{account.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
