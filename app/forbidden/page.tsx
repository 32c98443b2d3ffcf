import { forbidden } from "next/navigation";

/** Target of the proxy's rewrite for a refused portal: answers with the 403 page and status. */
export default function ForbiddenRoute() {
  forbidden();
}
