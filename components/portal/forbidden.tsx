import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { Brand } from "@/components/brand";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { Button } from "@/components/ui/button";

/** Set by the proxy on a refused request so the 403 page can name the portal. */
export const PORTAL_HEADER = "x-flux-refused-portal";

export function Forbidden({ portalTitle, homePath }: { portalTitle: string; homePath: string | null }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 p-6">
      <Brand />
      <div className="w-full max-w-md rounded-xl border border-border bg-surface p-8 text-center shadow-sm">
        <ShieldAlert className="mx-auto size-10 text-danger" aria-hidden />
        <h1 className="mt-4 text-xl font-semibold">You don’t have access to {portalTitle}</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          Your account’s role does not include this area. If you think it should, ask an administrator to
          change your role.
        </p>
        <div className="mt-6 flex flex-wrap justify-center gap-2">
          {homePath ? (
            <Button asChild>
              <Link href={homePath}>Go to my portal</Link>
            </Button>
          ) : null}
          <SignOutButton />
        </div>
        <p className="mt-4 text-xs text-muted-foreground">Error 403</p>
      </div>
    </div>
  );
}
