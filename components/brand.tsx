import Link from "next/link";
import { cn } from "@/lib/utils";

export function FluxMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={cn("size-7", className)} aria-hidden>
      <title>Flux</title>
      <rect width="32" height="32" rx="8" fill="#4338ca" />
      <path d="M10 23V9h12v3.2h-8.3v2.6h7.1V18h-7.1v5z" fill="#fff" />
    </svg>
  );
}

export function Brand({ href = "/", subtitle }: { href?: string; subtitle?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 font-semibold tracking-tight">
      <FluxMark />
      <span className="text-lg">Flux</span>
      {subtitle ? <span className="text-sm font-normal text-muted-foreground">{subtitle}</span> : null}
    </Link>
  );
}
