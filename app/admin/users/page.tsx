import type { Metadata } from "next";
import { UsersManager } from "@/components/admin/users-manager";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/feedback";
import { ROLE_LABELS, ROLE_PERMISSIONS, ROLES } from "@/server/auth/permissions";

export const metadata: Metadata = { title: "Users & roles" };

export default function UsersPage() {
  return (
    <>
      <PageHeader
        title="Users & roles"
        description="Who can sign in, and what each role may do. Every change is audited."
      />
      <UsersManager />
      <Card className="mt-6">
        <CardHeader>
          <div>
            <CardTitle>What each role may do</CardTitle>
            <CardDescription>
              Permissions are data in the code (server/auth/permissions.ts), reviewed like any change.
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 md:grid-cols-2">
            {ROLES.map((role) => (
              <div key={role} className="rounded-lg border border-border p-3">
                <dt className="text-sm font-medium">{ROLE_LABELS[role]}</dt>
                <dd className="mt-2 flex flex-wrap gap-1">
                  {ROLE_PERMISSIONS[role].map((permission) => (
                    <Badge key={permission} tone="neutral" className="font-mono">
                      {permission}
                    </Badge>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </>
  );
}
