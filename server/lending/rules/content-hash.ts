/** SHA-256 of a decision model's canonical JSON: what was approved is exactly what is published. */
import { canonicalJson, sha256Hex } from "../../platform/audit/audit-hash";

export function contentHash(model: unknown): string {
  return sha256Hex(canonicalJson(model));
}
