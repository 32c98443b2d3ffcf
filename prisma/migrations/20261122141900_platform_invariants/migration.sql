-- Invariants the Prisma schema language cannot express: append-only audit tables, outbox wake-up,
-- check constraints.


-- The audit trail is append-only: no UPDATE, DELETE or TRUNCATE, whatever the role.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON "audit_anchor"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON "audit_anchor"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

ALTER TABLE "audit_event"
  ADD CONSTRAINT "audit_event_chain_seq_positive" CHECK ("chain_seq" >= 1),
  ADD CONSTRAINT "audit_event_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "audit_anchor"
  ADD CONSTRAINT "audit_anchor_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "audit_anchor_tx_range" CHECK ("from_tx_id" <= "to_tx_id");

-- Wake the outbox relay as soon as a transaction that wrote outbox rows commits.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('flux_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_event_notify AFTER INSERT ON "outbox_event"
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

ALTER TABLE "app_user"
  ADD CONSTRAINT "app_user_has_login" CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL),
  ADD CONSTRAINT "app_user_has_role" CHECK (cardinality("roles") >= 1),
  ADD CONSTRAINT "app_user_email_lower" CHECK ("email" IS NULL OR "email" = lower("email")),
  ADD CONSTRAINT "app_user_phone_e164" CHECK ("phone" IS NULL OR "phone" ~ '^\+[1-9][0-9]{7,14}$');
ALTER TABLE "otp_challenge"
  ADD CONSTRAINT "otp_challenge_attempts_bounded" CHECK ("attempts" >= 0 AND "attempts" <= "max_attempts");
ALTER TABLE "store"
  ADD CONSTRAINT "store_pincode_digits" CHECK ("pincode" ~ '^[1-9][0-9]{5}$');
ALTER TABLE "outbox_event"
  ADD CONSTRAINT "outbox_event_attempts_positive" CHECK ("attempts" >= 0 AND "delay_ms" >= 0);
ALTER TABLE "idempotency_key"
  ADD CONSTRAINT "idempotency_key_completed_has_response"
  CHECK ("status" = 'IN_FLIGHT' OR ("response" IS NOT NULL AND "completed_at" IS NOT NULL));
