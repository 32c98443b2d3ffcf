import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunDetail } from "@/components/funds/admin/run-detail";

export const metadata: Metadata = { title: "Ingest run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  return <RunDetail runId={id} />;
}
