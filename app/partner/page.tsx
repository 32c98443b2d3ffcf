import { FileText, ListChecks, Megaphone } from "lucide-react";
import { UpcomingSection } from "@/components/portal/coming-card";
import { OrganisationCard, TeamCard } from "@/components/portal/organisation-cards";
import { PageHeader } from "@/components/ui/feedback";
import { serverApi } from "@/lib/trpc/server";

export default async function PartnerDashboardPage() {
  const data = await (await serverApi()).dashboard.partner();
  return (
    <>
      <PageHeader
        title={`Welcome, ${data.organisation.name}`}
        description="Your partnership with Flux at a glance."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <OrganisationCard organisation={data.organisation} registrationLabel="Registration no." />
        <TeamCard team={data.team} />
        <UpcomingSection title="Onboarding" icon={ListChecks} emptyTitle="No onboarding steps open">
          Your onboarding checklist (KYC documents, bank details, agreements) will appear here when your
          relationship manager starts it.
        </UpcomingSection>
        <UpcomingSection
          title="Campaigns and documents"
          icon={Megaphone}
          emptyTitle="Nothing shared with you yet"
        >
          Campaign messages and the media kit Flux shares with partners will be listed here.{" "}
          <FileText className="inline size-4" aria-hidden />
        </UpcomingSection>
      </div>
    </>
  );
}
