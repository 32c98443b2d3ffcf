"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton({
  callbackUrl = "/sign-in",
  compact = false,
}: {
  callbackUrl?: string;
  compact?: boolean;
}) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size={compact ? "icon" : "sm"}
      loading={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ callbackUrl });
      }}
      aria-label="Sign out"
    >
      {pending ? null : <LogOut aria-hidden />}
      {compact ? null : "Sign out"}
    </Button>
  );
}
