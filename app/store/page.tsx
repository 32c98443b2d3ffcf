import { ShoppingBag } from "lucide-react";
import { UpcomingSection } from "@/components/portal/coming-card";
import { TeamCard } from "@/components/portal/organisation-cards";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/feedback";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { serverApi } from "@/lib/trpc/server";

export default async function StoreDashboardPage() {
  const data = await (await serverApi()).dashboard.store();
  return (
    <>
      <PageHeader
        title={data.organisation.name}
        description="EMI applications from your stores' customers."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Your stores</CardTitle>
              <CardDescription>Each store has a code printed on its checkout QR.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="p-0">
            <Table>
              <THead>
                <tr>
                  <TH>Store</TH>
                  <TH>Code</TH>
                  <TH>City</TH>
                </tr>
              </THead>
              <TBody>
                {data.stores.map((store) => (
                  <TR key={store.id}>
                    <TD className="font-medium">{store.name}</TD>
                    <TD className="font-mono text-xs">{store.code}</TD>
                    <TD>
                      {store.city} {store.pincode}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardContent>
        </Card>
        <TeamCard team={data.team} />
        <UpcomingSection
          title="Today’s applications"
          icon={ShoppingBag}
          emptyTitle="No applications yet today"
        >
          When a shopper applies for EMI at one of your stores, the application and its decision appear here
          within a second.
        </UpcomingSection>
      </div>
    </>
  );
}
