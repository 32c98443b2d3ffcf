import type { Metadata } from "next";
import { AdminApplications } from "@/components/lending/admin-applications";
import { PageHeader } from "@/components/ui/feedback";

export const metadata: Metadata = { title: "EMI applications" };

export default function AdminLendingApplicationsPage() {
  return (
    <>
      <PageHeader
        title="EMI applications"
        description="Every checkout application with each lender call it made."
      />
      <AdminApplications />
    </>
  );
}
