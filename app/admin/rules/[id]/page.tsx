import type { Metadata } from "next";
import Link from "next/link";
import { VersionWorkspace } from "@/components/lending/rules/version-workspace";

export const metadata: Metadata = { title: "Rule version" };

export default async function RuleVersionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <p className="mb-3 text-sm">
        <Link href="/admin/rules" className="text-primary hover:underline">
          ← All rule versions
        </Link>
      </p>
      <VersionWorkspace id={id} />
    </>
  );
}
