import { cn } from "@/lib/utils";

/** A horizontal bar chart that is also a readable list (values are text, bars are decoration). */
export function BarList({
  items,
  className,
  tone = "primary",
}: {
  items: { label: string; value: number }[];
  className?: string;
  tone?: "primary" | "success" | "danger";
}) {
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <ul className={cn("grid gap-2", className)}>
      {items.map((item) => (
        <li
          key={item.label}
          className="grid grid-cols-[minmax(6rem,10rem)_1fr_3rem] items-center gap-3 text-sm"
        >
          <span className="truncate text-muted-foreground">{item.label}</span>
          <span className="h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden>
            <span
              className={cn(
                "block h-full rounded-full",
                tone === "primary" && "bg-primary",
                tone === "success" && "bg-success",
                tone === "danger" && "bg-danger",
              )}
              style={{ width: `${(item.value / max) * 100}%` }}
            />
          </span>
          <span className="text-right font-medium tabular-nums">{item.value}</span>
        </li>
      ))}
    </ul>
  );
}
