/** The loan book's procedures (issue 4). */
import { kfsPreviewInput, previewKfs } from "../../../loans/kfs.service";
import { permissionProcedure, router } from "../../init";

export const loansRouter = router({
  /** The KFS of an offer before acceptance (checkout shows it; booking re-derives and compares it). */
  kfsPreview: permissionProcedure("loans.kfs.read")
    .input(kfsPreviewInput)
    .query(({ input }) => previewKfs(input)),
});
