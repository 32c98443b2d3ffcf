import { handleNavUpload } from "@/server/funds/http";

export const dynamic = "force-dynamic";

export { handleNavUpload as POST };
