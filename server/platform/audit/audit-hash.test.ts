import { describe, expect, it } from "vitest";
import {
  type ChainRow,
  canonicalJson,
  GENESIS_HASH,
  hashAnchor,
  hashAuditEvent,
  verifyChainRows,
} from "./audit-hash";

function buildChain(length: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = {
      chainKey: "user:42",
      chainSeq: seq,
      occurredAt: new Date(Date.UTC(2026, 10, 22, 9, 0, seq)),
      actorId: "admin-1",
      actorRole: "admin",
      action: "user.roles_changed",
      entityType: "user",
      entityId: "42",
      summary: { before: { roles: ["investor"] }, after: { roles: ["investor", "partner"] }, n: seq },
      correlationId: "corr-123456",
      ip: "127.0.0.1",
    };
    const hash = hashAuditEvent(fields, prevHash);
    rows.push({ ...fields, id: BigInt(seq * 10), prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: 10n }, '{"b":"10"}'],
    [new Date("2026-01-02T03:04:05.678Z"), '"2026-01-02T03:04:05.678Z"'],
    ['ü "quoted"', '"ü \\"quoted\\""'],
    [[undefined, 1], "[null,1]"],
  ])("serialises case %# deterministically as %s", (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it("refuses values JSON cannot carry", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/unsupported/);
  });
});

describe("audit chain", () => {
  it("accepts an intact chain", () => {
    expect(verifyChainRows(buildChain(5), null)).toEqual([]);
  });

  it("continues a chain from a previous page", () => {
    const rows = buildChain(6);
    const last = rows[2]!;
    expect(verifyChainRows(rows.slice(3), { chainSeq: last.chainSeq, hash: last.hash })).toEqual([]);
  });

  it("names the edited row", () => {
    const rows = buildChain(5);
    rows[2] = { ...rows[2]!, summary: { tampered: true } };
    const breaks = verifyChainRows(rows, null);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toMatchObject({ reason: "hash_mismatch", chainSeq: 3, eventId: "30" });
  });

  it("finds a deleted row as a sequence gap", () => {
    const rows = buildChain(5);
    rows.splice(1, 1);
    expect(verifyChainRows(rows, null)[0]).toMatchObject({ reason: "sequence_gap", chainSeq: 3 });
  });

  it("finds a re-hashed row whose link no longer matches", () => {
    const rows = buildChain(4);
    const forged = { ...rows[1]!, summary: { forged: true } };
    forged.hash = hashAuditEvent(forged, forged.prevHash);
    rows[1] = forged;
    const breaks = verifyChainRows(rows, null);
    expect(breaks).toEqual([expect.objectContaining({ reason: "broken_link", chainSeq: 3 })]);
  });

  it("changes the hash when any canonical field changes", () => {
    const [row] = buildChain(1);
    const base = hashAuditEvent(row!, GENESIS_HASH);
    for (const change of [{ actorId: "x" }, { ip: null }, { occurredAt: new Date(0) }, { action: "other" }]) {
      expect(hashAuditEvent({ ...row!, ...change }, GENESIS_HASH)).not.toBe(base);
    }
    expect(hashAuditEvent(row!, "f".repeat(64))).not.toBe(base);
  });

  it("hashes anchors independently of head order", () => {
    const heads = [
      { chainKey: "b:1", chainSeq: 2, hash: "a".repeat(64) },
      { chainKey: "a:1", chainSeq: 7, hash: "b".repeat(64) },
    ];
    const fields = { createdAt: new Date(0), fromTxId: 1n, toTxId: 9n };
    expect(hashAnchor({ ...fields, heads }, GENESIS_HASH)).toBe(
      hashAnchor({ ...fields, heads: [...heads].reverse() }, GENESIS_HASH),
    );
  });
});
