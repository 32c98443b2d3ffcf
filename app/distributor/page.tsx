import { Inbox, Wallet } from "lucide-react";
import { UpcomingSection } from "@/components/portal/coming-card";
import { OrganisationCard, TeamCard } from "@/components/portal/organisation-cards";
import { PageHeader } from "@/components/ui/feedback";
import { serverApi } from "@/lib/trpc/server";

export default async function DistributorDashboardPage() {
  const data = await (await serverApi()).dashboard.distributor();
  return (
    <>
      <PageHeader
        title={data.organisation.name}
        description="Leads, clients and commissions of your distribution business."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <OrganisationCard organisation={data.organisation} registrationLabel="AMFI registration (ARN)" />
        <TeamCard team={data.team} />
        <UpcomingSection title="Leads" icon={Inbox} emptyTitle="No leads yet">
          Investors you refer will appear here with their onboarding progress. Share your referral link once
          investing opens.
        </UpcomingSection>
        <UpcomingSection title="Commissions" icon={Wallet} emptyTitle="No commission accrued">
          Trail and upfront commissions, reconciled against RTA brokerage files, will be shown month by month.
        </UpcomingSection>
      </div>
    </>
  );
}
