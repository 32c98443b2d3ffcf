import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate, formatRelative } from "@/lib/utils";
import { isRole, ROLE_LABELS } from "@/server/auth/permissions";

export function OrganisationCard({
  organisation,
  registrationLabel,
}: {
  organisation: {
    name: string;
    code: string;
    kind: string;
    city: string | null;
    registrationNumber: string | null;
    createdAt: Date;
  };
  registrationLabel: string;
}) {
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{organisation.name}</CardTitle>
          <CardDescription>Your organisation on Flux</CardDescription>
        </div>
        <Badge tone="primary">{organisation.kind.toLowerCase()}</Badge>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-muted-foreground">Flux code</dt>
            <dd className="font-mono">{organisation.code}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">{registrationLabel}</dt>
            <dd className="font-mono">{organisation.registrationNumber ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">City</dt>
            <dd>{organisation.city ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">On Flux since</dt>
            <dd>{formatDate(organisation.createdAt)}</dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}

export function TeamCard({
  team,
}: {
  team: {
    id: string;
    name: string;
    email: string | null;
    roles: string[];
    status: string;
    lastLoginAt: Date | null;
  }[];
}) {
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Team</CardTitle>
          <CardDescription>People of your organisation who can sign in.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <ul className="divide-y divide-border text-sm">
          {team.map((member) => (
            <li key={member.id} className="flex items-center justify-between gap-3 py-2.5">
              <div className="min-w-0">
                <p className="truncate font-medium">{member.name}</p>
                <p className="truncate text-xs text-muted-foreground">{member.email}</p>
              </div>
              <div className="text-right text-xs text-muted-foreground">
                <p>{member.roles.map((role) => (isRole(role) ? ROLE_LABELS[role] : role)).join(", ")}</p>
                <p>last sign-in {formatRelative(member.lastLoginAt)}</p>
              </div>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
