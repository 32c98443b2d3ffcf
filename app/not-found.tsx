import Link from "next/link";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 p-6 text-center">
      <Brand />
      <div>
        <p className="text-sm font-medium text-primary">404</p>
        <h1 className="mt-1 text-2xl font-semibold">We couldn’t find that page</h1>
        <p className="mt-2 text-sm text-muted-foreground">The link may be old or mistyped.</p>
      </div>
      <Button asChild>
        <Link href="/">Back to Flux</Link>
      </Button>
    </div>
  );
}
