-- CreateEnum
CREATE TYPE "loan_status" AS ENUM ('ACTIVE', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ledger_account" AS ENUM ('PRINCIPAL_RECEIVABLE', 'FEES_RECEIVABLE', 'PENAL_RECEIVABLE', 'MERCHANT_PAYABLE', 'LENDER_FUNDING', 'COLLECTIONS', 'INTEREST_INCOME', 'FEE_INCOME', 'PENAL_INCOME', 'SUSPENSE', 'BORROWER_REFUND_PAYABLE');

-- CreateEnum
CREATE TYPE "loan_document_kind" AS ENUM ('AGREEMENT', 'NO_DUES');

-- CreateEnum
CREATE TYPE "loan_payment_intent" AS ENUM ('EMI', 'PREPAY_REDUCE_EMI', 'PREPAY_REDUCE_TENURE', 'FORECLOSE', 'COOLING_OFF_EXIT');

-- CreateEnum
CREATE TYPE "loan_payment_status" AS ENUM ('CREATED', 'APPLIED', 'SUSPENSE', 'FAILED');

-- CreateTable
CREATE TABLE "loan" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "offer_id" TEXT NOT NULL,
    "proposal_number" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "lender_code" TEXT NOT NULL,
    "lender_name" TEXT NOT NULL,
    "lender_loan_reference" TEXT NOT NULL,
    "borrower_user_id" UUID NOT NULL,
    "borrower_name" TEXT NOT NULL,
    "borrower_phone" TEXT NOT NULL,
    "borrower_email" TEXT,
    "merchant_organisation_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "purchase_description" TEXT NOT NULL,
    "principal_paise" BIGINT NOT NULL,
    "emi_paise" BIGINT NOT NULL,
    "annual_rate_bps" INTEGER NOT NULL,
    "apr_bps" INTEGER NOT NULL,
    "tenor" INTEGER NOT NULL,
    "disbursal_date" DATE NOT NULL,
    "maturity_date" DATE NOT NULL,
    "cooling_off_days" INTEGER NOT NULL,
    "terms" JSONB NOT NULL,
    "kfs" JSONB NOT NULL,
    "kfs_version" TEXT NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "agreement_sha256" CHAR(64),

    CONSTRAINT "loan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan_state" (
    "loan_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "loan_status" NOT NULL,
    "outstanding_principal_paise" BIGINT NOT NULL,
    "total_outstanding_paise" BIGINT NOT NULL,
    "paid_paise" BIGINT NOT NULL,
    "oldest_unpaid_due_date" DATE,
    "next_due_date" DATE,
    "next_due_paise" BIGINT NOT NULL,
    "suspense_paise" BIGINT NOT NULL,
    "closed_on" DATE,
    "closure_reason" TEXT,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "loan_state_pkey" PRIMARY KEY ("loan_id")
);

-- CreateTable
CREATE TABLE "loan_event" (
    "id" BIGSERIAL NOT NULL,
    "loan_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "business_date" DATE NOT NULL,
    "actor_id" TEXT,
    "correlation_id" TEXT,
    "hash" CHAR(64) NOT NULL,
    "tx_id" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,

    CONSTRAINT "loan_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_journal" (
    "id" BIGSERIAL NOT NULL,
    "loan_id" UUID NOT NULL,
    "event_id" BIGINT NOT NULL,
    "description" TEXT NOT NULL,
    "business_date" DATE NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_journal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_posting" (
    "id" BIGSERIAL NOT NULL,
    "journal_id" BIGINT NOT NULL,
    "loan_id" UUID NOT NULL,
    "account" "ledger_account" NOT NULL,
    "amount_paise" BIGINT NOT NULL,

    CONSTRAINT "ledger_posting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan_document" (
    "id" UUID NOT NULL,
    "loan_id" UUID NOT NULL,
    "kind" "loan_document_kind" NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "page_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "loan_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan_payment" (
    "id" UUID NOT NULL,
    "loan_id" UUID NOT NULL,
    "intent" "loan_payment_intent" NOT NULL,
    "expected_paise" BIGINT NOT NULL,
    "received_paise" BIGINT,
    "gateway_order_id" TEXT,
    "gateway_payment_id" TEXT,
    "status" "loan_payment_status" NOT NULL DEFAULT 'CREATED',
    "flag_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "loan_payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_webhook" (
    "id" UUID NOT NULL,
    "event_id" TEXT,
    "signature_ok" BOOLEAN NOT NULL,
    "outcome" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan_projection_checkpoint" (
    "name" TEXT NOT NULL,
    "tx_horizon" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "loan_projection_checkpoint_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "loan_activity" (
    "loan_id" UUID NOT NULL,
    "event_count" INTEGER NOT NULL,
    "last_version" INTEGER NOT NULL,
    "collected_paise" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "loan_activity_pkey" PRIMARY KEY ("loan_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "loan_application_id_key" ON "loan"("application_id");

-- CreateIndex
CREATE UNIQUE INDEX "loan_proposal_number_key" ON "loan"("proposal_number");

-- CreateIndex
CREATE UNIQUE INDEX "loan_reference_key" ON "loan"("reference");

-- CreateIndex
CREATE INDEX "loan_borrower_user_id_idx" ON "loan"("borrower_user_id");

-- CreateIndex
CREATE INDEX "loan_merchant_organisation_id_idx" ON "loan"("merchant_organisation_id");

-- CreateIndex
CREATE INDEX "loan_store_id_idx" ON "loan"("store_id");

-- CreateIndex
CREATE INDEX "loan_lender_code_idx" ON "loan"("lender_code");

-- CreateIndex
CREATE INDEX "loan_created_at_idx" ON "loan"("created_at");

-- CreateIndex
CREATE INDEX "loan_state_status_idx" ON "loan_state"("status");

-- CreateIndex
CREATE INDEX "loan_state_oldest_unpaid_due_date_idx" ON "loan_state"("oldest_unpaid_due_date");

-- CreateIndex
CREATE INDEX "loan_state_next_due_date_idx" ON "loan_state"("next_due_date");

-- CreateIndex
CREATE INDEX "loan_event_tx_id_idx" ON "loan_event"("tx_id");

-- CreateIndex
CREATE INDEX "loan_event_type_idx" ON "loan_event"("type");

-- CreateIndex
CREATE UNIQUE INDEX "loan_event_loan_id_version_key" ON "loan_event"("loan_id", "version");

-- CreateIndex
CREATE INDEX "ledger_journal_loan_id_idx" ON "ledger_journal"("loan_id");

-- CreateIndex
CREATE INDEX "ledger_journal_event_id_idx" ON "ledger_journal"("event_id");

-- CreateIndex
CREATE INDEX "ledger_posting_journal_id_idx" ON "ledger_posting"("journal_id");

-- CreateIndex
CREATE INDEX "ledger_posting_loan_id_account_idx" ON "ledger_posting"("loan_id", "account");

-- CreateIndex
CREATE UNIQUE INDEX "loan_document_loan_id_kind_key" ON "loan_document"("loan_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "loan_payment_gateway_order_id_key" ON "loan_payment"("gateway_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "loan_payment_gateway_payment_id_key" ON "loan_payment"("gateway_payment_id");

-- CreateIndex
CREATE INDEX "loan_payment_loan_id_idx" ON "loan_payment"("loan_id");

-- CreateIndex
CREATE INDEX "loan_payment_status_idx" ON "loan_payment"("status");

-- CreateIndex
CREATE INDEX "payment_webhook_event_id_idx" ON "payment_webhook"("event_id");

-- CreateIndex
CREATE INDEX "payment_webhook_received_at_idx" ON "payment_webhook"("received_at");

-- AddForeignKey
ALTER TABLE "loan_state" ADD CONSTRAINT "loan_state_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loan_event" ADD CONSTRAINT "loan_event_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_journal" ADD CONSTRAINT "ledger_journal_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "loan_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_journal_id_fkey" FOREIGN KEY ("journal_id") REFERENCES "ledger_journal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loan_document" ADD CONSTRAINT "loan_document_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loan_payment" ADD CONSTRAINT "loan_payment_loan_id_fkey" FOREIGN KEY ("loan_id") REFERENCES "loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Loan book invariants (hand-written).

-- Events, journals and postings are append-only.
CREATE FUNCTION loan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the loan book is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER loan_event_append_only BEFORE UPDATE OR DELETE ON "loan_event"
  FOR EACH ROW EXECUTE FUNCTION loan_refuse_change();
CREATE TRIGGER loan_event_no_truncate BEFORE TRUNCATE ON "loan_event"
  FOR EACH STATEMENT EXECUTE FUNCTION loan_refuse_change();
CREATE TRIGGER ledger_journal_append_only BEFORE UPDATE OR DELETE ON "ledger_journal"
  FOR EACH ROW EXECUTE FUNCTION loan_refuse_change();
CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON "ledger_posting"
  FOR EACH ROW EXECUTE FUNCTION loan_refuse_change();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON "ledger_posting"
  FOR EACH STATEMENT EXECUTE FUNCTION loan_refuse_change();

ALTER TABLE "loan_event"
  ADD CONSTRAINT "loan_event_version_positive" CHECK ("version" >= 1),
  ADD CONSTRAINT "loan_event_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "ledger_posting"
  ADD CONSTRAINT "ledger_posting_nonzero" CHECK ("amount_paise" <> 0);
ALTER TABLE "loan"
  ADD CONSTRAINT "loan_principal_positive" CHECK ("principal_paise" > 0),
  ADD CONSTRAINT "loan_agreement_sha256_hex" CHECK ("agreement_sha256" IS NULL OR "agreement_sha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "loan_state"
  ADD CONSTRAINT "loan_state_no_negative_principal" CHECK ("outstanding_principal_paise" >= 0),
  ADD CONSTRAINT "loan_state_amounts_non_negative"
    CHECK ("total_outstanding_paise" >= 0 AND "paid_paise" >= 0 AND "suspense_paise" >= 0 AND "next_due_paise" >= 0);
ALTER TABLE "loan_document"
  ADD CONSTRAINT "loan_document_sha256_hex" CHECK ("sha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "loan_payment"
  ADD CONSTRAINT "loan_payment_amounts_positive"
    CHECK ("expected_paise" >= 0 AND ("received_paise" IS NULL OR "received_paise" >= 0));

-- Every journal sums to zero, and no loan's principal receivable goes negative: checked when the
-- transaction commits (deferred), so a journal's legs can be inserted one by one.
CREATE FUNCTION ledger_check_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total numeric;
  principal numeric;
BEGIN
  SELECT COALESCE(sum(amount_paise), 0) INTO total FROM ledger_posting WHERE journal_id = NEW.journal_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger journal % does not balance (sum %)', NEW.journal_id, total
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.account = 'PRINCIPAL_RECEIVABLE' THEN
    SELECT COALESCE(sum(amount_paise), 0) INTO principal
      FROM ledger_posting WHERE loan_id = NEW.loan_id AND account = 'PRINCIPAL_RECEIVABLE';
    IF principal < 0 THEN
      RAISE EXCEPTION 'loan % would have negative principal (%)', NEW.loan_id, principal
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON "ledger_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal();

-- A journal must have legs: an empty journal is refused at commit.
CREATE FUNCTION ledger_check_journal_has_legs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ledger_posting WHERE journal_id = NEW.id) THEN
    RAISE EXCEPTION 'ledger journal % has no postings', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_journal_has_legs AFTER INSERT ON "ledger_journal"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_journal_has_legs();
