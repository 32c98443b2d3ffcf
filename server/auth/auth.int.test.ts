import { describe, expect, it } from "vitest";
import { createTestStack } from "@/test/int/harness";
import { seedTestData } from "@/test/int/seed";
import { CLOCK_OFFSET_KEY } from "../platform/business-clock";
import { DEMO_PASSWORD } from "./demo-accounts";
import { requestOtp, verifyOtp } from "./otp.service";
import { recordSignOut, signInWithPassword } from "./sign-in.service";

const stack = await createTestStack("auth");
const { db, deps } = stack;
const seeded = await seedTestData(db);

function meta(ip = "203.0.113.10") {
  return { ip, correlationId: "corr-auth-0001" };
}

async function latestSmsCode(phone: string): Promise<string> {
  const row = await db.outboxEvent.findFirstOrThrow({
    where: { jobName: "messaging.sms.send" },
    orderBy: { id: "desc" },
  });
  const message = await db.outboundMessage.findUniqueOrThrow({
    where: { id: (row.payload as { messageId: string }).messageId },
  });
  expect(message.recipient).toBe(phone);
  return (row.payload as { body: string }).body.slice(0, 6);
}

describe("password sign-in", () => {
  it("signs in a seeded persona and audits it", async () => {
    const admin = seeded.byEmail("admin@flux.local");
    const user = await signInWithPassword(
      deps,
      { email: "admin@flux.local", password: DEMO_PASSWORD },
      meta(),
    );
    expect(user).toMatchObject({ id: admin.id, roles: ["admin"] });
    expect(await db.auditEvent.count({ where: { action: "auth.signed_in", entityId: admin.id } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).lastLoginAt).not.toBeNull();
  });

  it("refuses a wrong password with one message for unknown and known emails, audits only real accounts", async () => {
    const before = await db.auditEvent.count();
    await expect(
      signInWithPassword(deps, { email: "nobody@flux.local", password: "x" }, meta("203.0.113.11")),
    ).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "Email or password is incorrect.",
    });
    expect(await db.auditEvent.count()).toBe(before);
    await expect(
      signInWithPassword(deps, { email: "partner@flux.local", password: "wrong" }, meta("203.0.113.11")),
    ).rejects.toMatchObject({
      message: "Email or password is incorrect.",
    });
    expect(await db.auditEvent.count({ where: { action: "auth.sign_in_failed" } })).toBe(1);
  });

  it("locks an account from an address after 5 failures, even for the right password", async () => {
    for (let i = 0; i < 5; i++) {
      await expect(
        signInWithPassword(deps, { email: "investor@flux.local", password: "guess" }, meta("203.0.113.12")),
      ).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    }
    await expect(
      signInWithPassword(
        deps,
        { email: "investor@flux.local", password: DEMO_PASSWORD },
        meta("203.0.113.12"),
      ),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Too many failed sign-ins\. Try again in \d+ minutes\./),
    });
    // Another address is not locked out.
    await expect(
      signInWithPassword(
        deps,
        { email: "investor@flux.local", password: DEMO_PASSWORD },
        meta("203.0.113.13"),
      ),
    ).resolves.toMatchObject({
      roles: ["investor"],
    });
  });

  it("audits a sign-out", async () => {
    const partner = seeded.byEmail("partner@flux.local");
    await recordSignOut(deps, partner.id);
    expect(
      await db.auditEvent.count({
        where: { action: "auth.signed_out", entityId: partner.id, actorId: partner.id },
      }),
    ).toBe(1);
  });

  it("refuses a disabled account", async () => {
    await db.user.update({ where: { email: "nivesh@flux.local" }, data: { status: "DISABLED" } });
    await expect(
      signInWithPassword(deps, { email: "nivesh@flux.local", password: DEMO_PASSWORD }, meta()),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("one-time-code sign-in", () => {
  it("sends a code through the outbox and signs a new shopper in with it", async () => {
    const phone = "+919000000001";
    const sent = await requestOtp(deps, { phone }, meta());
    expect(sent.resendAfterSeconds).toBe(30);
    const message = await db.outboundMessage.findFirstOrThrow({ where: { recipient: phone } });
    expect(message.preview).not.toMatch(/\d{6}/); // support staff never see the code
    const code = await latestSmsCode(phone);
    const user = await verifyOtp(deps, { phone, code }, meta());
    expect(user).toMatchObject({ phone, roles: ["shopper"] });
    // A code works once.
    await expect(verifyOtp(deps, { phone, code }, meta())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("counts wrong codes, says how many tries are left, and locks the code after 5", async () => {
    const phone = "+919000000002";
    await requestOtp(deps, { phone }, meta());
    const code = await latestSmsCode(phone);
    const wrong = code === "000000" ? "111111" : "000000";
    await expect(verifyOtp(deps, { phone, code: wrong }, meta())).rejects.toMatchObject({
      message: "That code is not right. 4 tries left.",
    });
    for (let i = 0; i < 4; i++) await verifyOtp(deps, { phone, code: wrong }, meta()).catch(() => undefined);
    await expect(verifyOtp(deps, { phone, code }, meta())).rejects.toMatchObject({
      message: "Too many wrong codes. Ask for a new code.",
    });
    expect(await db.user.count({ where: { phone } })).toBe(0);
  });

  it("refuses an expired code and creates nothing", async () => {
    const phone = "+919000000003";
    await requestOtp(deps, { phone }, meta());
    const code = await latestSmsCode(phone);
    await db.platformSetting.upsert({
      where: { key: CLOCK_OFFSET_KEY },
      create: { key: CLOCK_OFFSET_KEY, value: 6 * 60_000 },
      update: { value: 6 * 60_000 },
    });
    await stack.clock.refresh();
    try {
      await expect(verifyOtp(deps, { phone, code }, meta())).rejects.toMatchObject({
        message: "This code has expired. Ask for a new code.",
      });
      expect(await db.user.count({ where: { phone } })).toBe(0);
    } finally {
      await db.platformSetting.delete({ where: { key: CLOCK_OFFSET_KEY } });
      await stack.clock.refresh();
    }
  });

  it("enforces a resend cooldown and a per-phone limit", async () => {
    const phone = "+919000000004";
    await requestOtp(deps, { phone }, meta("198.51.100.1"));
    await expect(requestOtp(deps, { phone }, meta("198.51.100.1"))).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/just sent/),
    });
    const sent = await db.otpChallenge.count({ where: { phone } });
    expect(sent).toBe(1);
  });

  it("limits code requests per network address", async () => {
    const ip = "198.51.100.77";
    let limited = 0;
    for (let i = 0; i < 22; i++) {
      try {
        await requestOtp(deps, { phone: `+9191000000${String(i).padStart(2, "0")}` }, meta(ip));
      } catch (error) {
        expect(error).toMatchObject({
          code: "RATE_LIMITED",
          message: expect.stringMatching(/from this network/),
        });
        limited++;
      }
    }
    expect(limited).toBe(2);
  });
});
