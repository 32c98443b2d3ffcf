/**
 * One-time-code sign-in for shoppers. Codes are 6 random digits, stored only as an HMAC, valid for a
 * few minutes, with a bounded number of tries; requests are rate limited per phone and per IP, with a
 * resend cooldown. The code goes out as an SMS through the outbox (sandbox sink in development).
 */
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { queueSms } from "../messaging/messages.service";
import { anonymousActor } from "../platform/actor";
import { AppError } from "../platform/errors";
import { runCommand } from "../platform/unit-of-work";
import { type AuthDeps, authLimiters } from "./auth-deps";
import type { SignedInUser, SignInMeta } from "./sign-in.service";

export const OTP_RESEND_COOLDOWN_SECONDS = 30;

export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, 3)}•••••${phone.slice(-5)}` : "•••";
}

function codeHash(secret: string, challengeId: string, code: string): string {
  return createHmac("sha256", secret).update(`${challengeId}:${code}`).digest("hex");
}

export async function requestOtp(
  deps: AuthDeps,
  input: { phone: string },
  meta: SignInMeta,
): Promise<{ challengeId: string; expiresAt: Date; resendAfterSeconds: number }> {
  const limiters = authLimiters(deps);
  const now = deps.clock.now();
  const last = await deps.db.otpChallenge.findFirst({
    where: { phone: input.phone },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (last) {
    const waitSeconds = Math.ceil(
      OTP_RESEND_COOLDOWN_SECONDS - (now.getTime() - last.createdAt.getTime()) / 1000,
    );
    if (waitSeconds > 0) {
      throw new AppError(
        "RATE_LIMITED",
        `A code was just sent. You can ask for another in ${waitSeconds} seconds.`,
        {
          details: { retryAfterSeconds: waitSeconds },
        },
      );
    }
  }
  await limiters.otpRequestPerIp.consume(meta.ip, "Too many codes requested from this network.");
  await limiters.otpRequestPerPhone.consume(input.phone, "Too many codes requested for this number.");

  const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
  const ctx = { actor: anonymousActor, correlationId: meta.correlationId, ip: meta.ip, clock: deps.clock };
  return runCommand(deps, ctx, async (uow) => {
    const expiresAt = new Date(uow.now.getTime() + deps.otpTtlSeconds * 1000);
    const challenge = await uow.tx.otpChallenge.create({
      data: {
        phone: input.phone,
        codeHash: "pending",
        expiresAt,
        maxAttempts: deps.otpMaxAttempts,
        requestIp: meta.ip,
        createdAt: uow.now,
      },
      select: { id: true },
    });
    await uow.tx.otpChallenge.update({
      where: { id: challenge.id },
      data: { codeHash: codeHash(deps.secret, challenge.id, code) },
    });
    const minutes = Math.round(deps.otpTtlSeconds / 60);
    await queueSms(uow, {
      to: input.phone,
      template: "auth.otp",
      body: `${code} is your Flux sign-in code. It expires in ${minutes} minutes. Never share it with anyone, including Flux staff.`,
      preview: `•••••• is your Flux sign-in code. It expires in ${minutes} minutes.`,
    });
    uow.audit({
      action: "auth.otp_requested",
      entityType: "otp_challenge",
      entityId: challenge.id,
      data: { phone: maskPhone(input.phone), expiresAt: expiresAt.toISOString() },
    });
    return { challengeId: challenge.id, expiresAt, resendAfterSeconds: OTP_RESEND_COOLDOWN_SECONDS };
  });
}

export async function verifyOtp(
  deps: AuthDeps,
  input: { phone: string; code: string },
  meta: SignInMeta,
): Promise<SignedInUser> {
  const limiters = authLimiters(deps);
  await limiters.otpVerifyPerIp.consume(meta.ip, "Too many sign-in attempts from this network.");
  const now = deps.clock.now();
  const challenge = await deps.db.otpChallenge.findFirst({
    where: { phone: input.phone, consumedAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (!challenge)
    throw new AppError("UNAUTHENTICATED", "No code was requested for this number. Ask for a new code.");
  if (challenge.expiresAt.getTime() <= now.getTime()) {
    throw new AppError("UNAUTHENTICATED", "This code has expired. Ask for a new code.");
  }
  if (challenge.attempts >= challenge.maxAttempts) {
    throw new AppError("UNAUTHENTICATED", "Too many wrong codes. Ask for a new code.");
  }
  const expected = Buffer.from(challenge.codeHash, "hex");
  const actual = Buffer.from(codeHash(deps.secret, challenge.id, input.code), "hex");
  const ctx = { actor: anonymousActor, correlationId: meta.correlationId, ip: meta.ip, clock: deps.clock };

  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    const attemptsLeft = await runCommand(deps, ctx, async ({ tx, audit }) => {
      const updated = await tx.otpChallenge.updateMany({
        where: { id: challenge.id, attempts: { lt: challenge.maxAttempts } },
        data: { attempts: { increment: 1 } },
      });
      audit({
        action: "auth.otp_failed",
        entityType: "otp_challenge",
        entityId: challenge.id,
        data: { phone: maskPhone(input.phone) },
      });
      return updated.count === 1 ? challenge.maxAttempts - challenge.attempts - 1 : 0;
    });
    throw new AppError(
      "UNAUTHENTICATED",
      attemptsLeft > 0
        ? `That code is not right. ${attemptsLeft} ${attemptsLeft === 1 ? "try" : "tries"} left.`
        : "Too many wrong codes. Ask for a new code.",
    );
  }

  return runCommand(deps, ctx, async ({ tx, audit, now: at }) => {
    const consumed = await tx.otpChallenge.updateMany({
      where: { id: challenge.id, consumedAt: null },
      data: { consumedAt: at },
    });
    if (consumed.count !== 1)
      throw new AppError("UNAUTHENTICATED", "This code was already used. Ask for a new code.");
    let user = await tx.user.findUnique({ where: { phone: input.phone } });
    if (user && user.status !== "ACTIVE")
      throw new AppError("FORBIDDEN", "This account is disabled. Contact support.");
    if (!user) {
      user = await tx.user.create({
        data: {
          phone: input.phone,
          name: `Shopper ${input.phone.slice(-4)}`,
          roles: ["shopper"],
          lastLoginAt: at,
        },
      });
      audit({
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        after: { roles: ["shopper"], via: "otp" },
      });
    } else {
      const roles = user.roles.includes("shopper") ? user.roles : [...user.roles, "shopper" as const];
      user = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: at, roles } });
    }
    audit({ action: "auth.otp_verified", entityType: "otp_challenge", entityId: challenge.id });
    audit({ action: "auth.signed_in", entityType: "user", entityId: user.id, data: { method: "otp" } });
    // OTP proves control of a phone only: the session carries the shopper role, nothing more.
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      phone: user.phone,
      roles: ["shopper"],
      organisationId: null,
    };
  });
}
