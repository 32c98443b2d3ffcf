import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SchemeView } from "@/components/funds/scheme-view";

export const metadata: Metadata = { title: "Scheme" };

export default async function SchemePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const schemeCode = Number(code);
  if (!/^\d{1,9}$/.test(code) || schemeCode <= 0) notFound();
  return <SchemeView code={schemeCode} />;
}
