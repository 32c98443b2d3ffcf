import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hmacHex, verifyPaymentSignature, verifyWebhookSignature } from "./gateway-client";

const dir = path.resolve(process.cwd(), "../shared/data/payments");
const vectors = JSON.parse(readFileSync(path.join(dir, "razorpay_signature_vectors.json"), "utf8")) as {
  vectors: {
    kind: string;
    secret: string;
    message: string | null;
    message_file: string | null;
    expected_signature_hex: string;
  }[];
};

function messageOf(vector: (typeof vectors.vectors)[number]): Buffer {
  if (vector.message !== null) return Buffer.from(vector.message, "utf8");
  const file = (vector.message_file ?? "").split(" ")[0] as string;
  return readFileSync(path.join(dir, file));
}

describe("Razorpay signatures (published SDK vectors)", () => {
  it.each(vectors.vectors.map((vector) => [vector.kind, vector] as const))(
    "%s vector reproduces",
    (_kind, vector) => {
      expect(hmacHex(vector.secret, messageOf(vector))).toBe(vector.expected_signature_hex);
    },
  );

  it("verifies webhooks on the exact bytes and refuses anything else", () => {
    for (const vector of vectors.vectors.filter((candidate) => candidate.kind === "webhook")) {
      const body = messageOf(vector);
      expect(verifyWebhookSignature(vector.secret, body, vector.expected_signature_hex)).toBe(true);
      expect(
        verifyWebhookSignature(
          vector.secret,
          Buffer.concat([body, Buffer.from(" ")]),
          vector.expected_signature_hex,
        ),
      ).toBe(false);
      expect(verifyWebhookSignature("other", body, vector.expected_signature_hex)).toBe(false);
    }
    expect(verifyWebhookSignature("123456", '{"a":1,"b":2,"c":{"d":3}}', "sdfafds")).toBe(false);
    expect(verifyWebhookSignature("123456", "{}", null)).toBe(false);
  });

  it("verifies a payment signature over order_id|payment_id", () => {
    const vector = vectors.vectors.find((candidate) => candidate.kind === "payment")!;
    expect(
      verifyPaymentSignature(
        vector.secret,
        "fake_order_id",
        "fake_payment_id",
        vector.expected_signature_hex,
      ),
    ).toBe(true);
    expect(
      verifyPaymentSignature(vector.secret, "fake_order_id", "other", vector.expected_signature_hex),
    ).toBe(false);
  });
});
