import type { Metadata } from "next";
import Link from "next/link";
import { TryIt } from "@/components/lending/rules/try-it";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "Try the lending rules" };

export default async function TryRulesPage({
  searchParams,
}: {
  searchParams: Promise<{ version?: string }>;
}) {
  const { version } = await searchParams;
  return (
    <>
      <p className="mb-3 text-sm">
        <Link href="/admin/rules" className="text-primary hover:underline">
          ← All rule versions
        </Link>
      </p>
      <PageHeader
        title="Try an application"
        description="Evaluate one applicant against the live rules or any version, with the engine's trace."
      />
      <TryIt initialVersionId={version && /^[0-9a-f-]{36}$/.test(version) ? version : undefined} />
    </>
  );
}
