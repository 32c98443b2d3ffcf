import { BadgeCheck, PieChart } from "lucide-react";
import { UpcomingSection } from "@/components/portal/coming-card";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/feedback";
import { serverApi } from "@/lib/trpc/server";
import { formatDate, formatRelative } from "@/lib/utils";

export default async function InvestorDashboardPage() {
  const { user } = await (await serverApi()).dashboard.investor();
  return (
    <>
      <PageHeader title={`Hello, ${user.name.split(" ")[0]}`} description="Your investments with Flux." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader>
            <CardTitle>Your profile</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-3 text-sm">
              <div>
                <dt className="text-muted-foreground">Name</dt>
                <dd className="font-medium">{user.name}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Email</dt>
                <dd>{user.email ?? "—"}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Investor since</dt>
                <dd>{formatDate(user.createdAt)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Last sign-in</dt>
                <dd>{formatRelative(user.lastLoginAt)}</dd>
              </div>
            </dl>
          </CardContent>
        </Card>
        <div className="grid gap-6 lg:col-span-2">
          <UpcomingSection title="Portfolio" icon={PieChart} emptyTitle="You have no investments yet">
            Once the fund catalogue opens you can buy funds here; your holdings, current value and returns
            will show on this page.
          </UpcomingSection>
          <UpcomingSection title="KYC and risk profile" icon={BadgeCheck} emptyTitle="KYC not started">
            Before your first order you will verify your PAN and answer a short risk questionnaire; this takes
            about five minutes.
          </UpcomingSection>
        </div>
      </div>
    </>
  );
}
