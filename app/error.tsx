"use client";

import { Button } from "@/components/ui/button";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="flex min-h-[60dvh] flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        The page could not be shown. Nothing you entered was lost. Try again; if it keeps happening, quote
        reference <code className="rounded bg-muted px-1">{error.digest ?? "n/a"}</code> to support.
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
