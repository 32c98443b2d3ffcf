/**
 * A short id for a linked git worktree of Flux (hash of its path), so several worktrees can run their test
 * suites, stacks and benchmarks at once on one machine without sharing databases, Redis keys or ports.
 * An ordinary clone (where `.git` is a folder) gets no id and keeps the plain names and ports.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const gitPath = path.join(root, ".git");
const linkedWorktree = existsSync(gitPath) && statSync(gitPath).isFile();

export const CHECKOUT_ID =
  process.env.FLUX_CHECKOUT_ID ??
  (linkedWorktree ? createHash("sha256").update(root).digest("hex").slice(0, 6) : "");

/** Appends the checkout id to a name (`flux_e2e` → `flux_e2e_a1b2c3`) in a linked worktree. */
export function perCheckout(name: string, separator = "_"): string {
  return CHECKOUT_ID ? `${name}${separator}${CHECKOUT_ID}` : name;
}

/** A port offset (multiple of 10, 10..900) for a linked worktree; 0 otherwise. */
export const PORT_OFFSET = CHECKOUT_ID ? (Number.parseInt(CHECKOUT_ID, 16) % 90) * 10 + 10 : 0;
