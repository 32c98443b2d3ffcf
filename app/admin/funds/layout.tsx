import { FundsAdminNav } from "@/components/funds/admin/funds-admin-nav";

export default function FundsAdminLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <FundsAdminNav />
      {children}
    </>
  );
}
