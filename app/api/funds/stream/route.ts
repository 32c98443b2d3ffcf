import { handleNavStream } from "@/server/funds/http";

export const dynamic = "force-dynamic";

export { handleNavStream as GET };
