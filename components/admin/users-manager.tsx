"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Alert, EmptyState, LoadingRows } from "@/components/ui/feedback";
import { Field, Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage, fieldErrors, useTRPC } from "@/lib/trpc/client";
import { formatRelative } from "@/lib/utils";
import { ROLE_LABELS, ROLES, type Role } from "@/server/auth/permissions";

type UserRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  roles: Role[];
  status: "ACTIVE" | "DISABLED";
};

function RolePicker({
  value,
  onChange,
  idPrefix,
}: {
  value: Role[];
  onChange: (roles: Role[]) => void;
  idPrefix: string;
}) {
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-medium">Roles</legend>
      <div className="grid grid-cols-2 gap-2">
        {ROLES.map((role) => (
          <label
            key={role}
            htmlFor={`${idPrefix}-${role}`}
            className="flex items-center gap-2 rounded-lg border border-border px-3 py-2 text-sm"
          >
            <input
              id={`${idPrefix}-${role}`}
              type="checkbox"
              className="size-4 accent-[var(--color-primary)]"
              checked={value.includes(role)}
              onChange={(event) =>
                onChange(event.target.checked ? [...value, role] : value.filter((item) => item !== role))
              }
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function EditRolesDialog({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const mutation = useMutation(
    trpc.users.updateRoles.mutationOptions({
      onSuccess: async () => {
        toast.success(`Roles of ${user.name} updated`);
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={`Roles of ${user.name}`}
        description="The change takes effect within seconds, also for a signed-in user."
      >
        {mutation.error ? <Alert tone="danger">{errorMessage(mutation.error)}</Alert> : null}
        <RolePicker value={roles} onChange={setRoles} idPrefix="edit-role" />
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={mutation.isPending}
            disabled={roles.length === 0}
            onClick={() => mutation.mutate({ userId: user.id, roles })}
          >
            Save roles
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const organisations = useQuery(trpc.users.organisations.queryOptions());
  const [form, setForm] = useState({ name: "", email: "", password: "", organisationId: "" });
  const [roles, setRoles] = useState<Role[]>([]);
  const mutation = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`${user.email} can now sign in`);
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(mutation.error);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title="Add a user"
        description="They sign in with this email and password; ask them to keep it private."
      >
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            mutation.mutate({ ...form, organisationId: form.organisationId || null, roles });
          }}
        >
          {mutation.error && !Object.keys(errors).length ? (
            <Alert tone="danger">{errorMessage(mutation.error)}</Alert>
          ) : null}
          <Field id="new-name" label="Full name" error={errors.name?.[0]}>
            <Input
              id="new-name"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              aria-invalid={!!errors.name}
            />
          </Field>
          <Field id="new-email" label="Email" error={errors.email?.[0]}>
            <Input
              id="new-email"
              type="email"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
              aria-invalid={!!errors.email}
            />
          </Field>
          <Field
            id="new-password"
            label="Initial password"
            hint="12+ characters with letters and a digit."
            error={errors.password?.[0]}
          >
            <Input
              id="new-password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              aria-invalid={!!errors.password}
            />
          </Field>
          <Field id="new-org" label="Organisation (optional)">
            <Select
              id="new-org"
              value={form.organisationId}
              onChange={(e) => setForm({ ...form, organisationId: e.target.value })}
            >
              <option value="">None</option>
              {organisations.data?.map((organisation) => (
                <option key={organisation.id} value={organisation.id}>
                  {organisation.name} ({organisation.kind.toLowerCase()})
                </option>
              ))}
            </Select>
          </Field>
          <RolePicker value={roles} onChange={setRoles} idPrefix="new-role" />
          {errors.roles ? <p className="text-sm text-danger">{errors.roles[0]}</p> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Add user
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function UsersManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useQuery(
    trpc.users.list.queryOptions({ query: query || undefined, role: role || undefined, page, pageSize: 20 }),
  );
  const setStatus = useMutation(
    trpc.users.setStatus.mutationOptions({
      onSuccess: async (result) => {
        toast.success(
          result.status === "DISABLED" ? "User disabled: their session ends within seconds" : "User enabled",
        );
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  return (
    <Card>
      <div className="flex flex-wrap items-end gap-3 border-b border-border p-4">
        <div className="grid min-w-48 flex-1 gap-1">
          <label htmlFor="user-search" className="text-xs font-medium text-muted-foreground">
            Search
          </label>
          <Input
            id="user-search"
            placeholder="Name, email or phone"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setPage(1);
            }}
          />
        </div>
        <div className="grid gap-1">
          <label htmlFor="user-role" className="text-xs font-medium text-muted-foreground">
            Role
          </label>
          <Select
            id="user-role"
            value={role}
            onChange={(event) => {
              setRole(event.target.value as Role | "");
              setPage(1);
            }}
          >
            <option value="">All roles</option>
            {ROLES.map((item) => (
              <option key={item} value={item}>
                {ROLE_LABELS[item]}
              </option>
            ))}
          </Select>
        </div>
        <Button onClick={() => setCreating(true)}>
          <UserPlus aria-hidden /> Add user
        </Button>
      </div>
      <CardContent className="p-0">
        {list.isPending ? (
          <div className="p-4">
            <LoadingRows label="Loading users" />
          </div>
        ) : list.error ? (
          <div className="p-4">
            <Alert tone="danger" title="Users could not be loaded">
              {errorMessage(list.error)}
            </Alert>
          </div>
        ) : list.data.users.length === 0 ? (
          <div className="p-4">
            <EmptyState icon={Users} title="No users match">
              Try another name or clear the role filter.
            </EmptyState>
          </div>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>User</TH>
                <TH>Roles</TH>
                <TH className="hidden md:table-cell">Organisation</TH>
                <TH className="hidden md:table-cell">Last sign-in</TH>
                <TH>Status</TH>
                <TH className="text-right">Actions</TH>
              </tr>
            </THead>
            <TBody>
              {list.data.users.map((user) => (
                <TR key={user.id} data-testid={`user-row-${user.email ?? user.phone}`}>
                  <TD>
                    <p className="font-medium">{user.name}</p>
                    <p className="text-xs text-muted-foreground">{user.email ?? user.phone}</p>
                  </TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      {user.roles.map((item) => (
                        <Badge key={item} tone="primary">
                          {ROLE_LABELS[item]}
                        </Badge>
                      ))}
                    </div>
                  </TD>
                  <TD className="hidden md:table-cell">{user.organisation?.name ?? "—"}</TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatRelative(user.lastLoginAt)}
                  </TD>
                  <TD>
                    <Badge tone={user.status === "ACTIVE" ? "success" : "danger"}>
                      {user.status === "ACTIVE" ? "Active" : "Disabled"}
                    </Badge>
                  </TD>
                  <TD className="text-right">
                    <div className="flex justify-end gap-1">
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={() => setEditing(user)}
                        aria-label={`Edit roles of ${user.name}`}
                      >
                        Roles
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={setStatus.isPending && setStatus.variables?.userId === user.id}
                        onClick={() =>
                          setStatus.mutate({
                            userId: user.id,
                            status: user.status === "ACTIVE" ? "DISABLED" : "ACTIVE",
                          })
                        }
                      >
                        {user.status === "ACTIVE" ? "Disable" : "Enable"}
                      </Button>
                    </div>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
      {list.data && pages > 1 ? (
        <div className="flex items-center justify-between border-t border-border p-3 text-sm">
          <span className="text-muted-foreground">
            Page {page} of {pages} · {list.data.total} users
          </span>
          <div className="flex gap-2">
            <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </Button>
            <Button size="sm" variant="outline" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </Button>
          </div>
        </div>
      ) : null}
      {editing ? <EditRolesDialog user={editing} onClose={() => setEditing(null)} /> : null}
      {creating ? <CreateUserDialog onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
