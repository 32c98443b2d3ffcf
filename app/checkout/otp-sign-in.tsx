"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/feedback";
import { Field, Input } from "@/components/ui/input";
import { errorMessage, useTRPC } from "@/lib/trpc/client";
import { otpCodeSchema, phoneSchema } from "@/server/auth/schemas";

export function OtpSignIn({ next }: { next: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [phone, setPhone] = useState("");
  const [phoneError, setPhoneError] = useState<string>();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string>();
  const [step, setStep] = useState<"phone" | "code">("phone");
  const [verifying, setVerifying] = useState(false);
  const [resendIn, setResendIn] = useState(0);
  const request = useMutation(
    trpc.auth.requestOtp.mutationOptions({
      onSuccess: (result) => {
        setStep("code");
        setResendIn(result.resendAfterSeconds);
      },
    }),
  );

  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = setTimeout(() => setResendIn(resendIn - 1), 1_000);
    return () => clearTimeout(timer);
  }, [resendIn]);

  function sendCode() {
    const parsed = phoneSchema.safeParse(phone);
    if (!parsed.success) {
      setPhoneError(parsed.error.issues[0]?.message);
      return;
    }
    setPhoneError(undefined);
    request.mutate({ phone: parsed.data });
  }

  async function verify() {
    const parsed = otpCodeSchema.safeParse(code);
    if (!parsed.success) {
      setCodeError(parsed.error.issues[0]?.message);
      return;
    }
    setCodeError(undefined);
    setVerifying(true);
    const result = await signIn("otp", { redirect: false, phone, code: parsed.data });
    setVerifying(false);
    if (!result || result.error) {
      setCodeError(
        result?.error && result.error !== "CredentialsSignin" ? result.error : "That code is not right.",
      );
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <section
      className="rounded-2xl border border-border bg-surface p-6 shadow-sm"
      aria-labelledby="otp-title"
    >
      <h1 id="otp-title" className="text-xl font-semibold">
        {step === "phone" ? "Pay in easy EMIs" : "Enter the code"}
      </h1>
      <p className="mt-1 text-sm text-muted-foreground">
        {step === "phone"
          ? "Sign in with your mobile number. We’ll send a 6-digit code by SMS."
          : `We sent a 6-digit code to ${phone}.`}
      </p>

      {step === "phone" ? (
        <form
          className="mt-6 grid gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            sendCode();
          }}
        >
          {request.error ? <Alert tone="danger">{errorMessage(request.error)}</Alert> : null}
          <Field id="phone" label="Mobile number" error={phoneError}>
            <Input
              id="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel-national"
              placeholder="98765 43210"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              aria-invalid={!!phoneError}
              aria-describedby={phoneError ? "phone-error" : undefined}
              className="h-12 text-lg"
            />
          </Field>
          <Button type="submit" size="lg" loading={request.isPending}>
            Send code
          </Button>
        </form>
      ) : (
        <form
          className="mt-6 grid gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void verify();
          }}
        >
          <Field id="code" label="6-digit code" error={codeError}>
            <Input
              id="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(event) => setCode(event.target.value.replace(/\D/g, ""))}
              aria-invalid={!!codeError}
              aria-describedby={codeError ? "code-error" : undefined}
              className="h-12 text-center font-mono text-2xl tracking-[0.5em]"
            />
          </Field>
          <Button type="submit" size="lg" loading={verifying}>
            Verify and continue
          </Button>
          <div className="flex items-center justify-between text-sm">
            <button type="button" className="text-primary hover:underline" onClick={() => setStep("phone")}>
              Change number
            </button>
            <button
              type="button"
              className="text-primary hover:underline disabled:text-muted-foreground disabled:no-underline"
              disabled={resendIn > 0 || request.isPending}
              onClick={sendCode}
            >
              {resendIn > 0 ? `Resend in ${resendIn}s` : "Resend code"}
            </button>
          </div>
          {request.error ? <Alert tone="danger">{errorMessage(request.error)}</Alert> : null}
        </form>
      )}
    </section>
  );
}
