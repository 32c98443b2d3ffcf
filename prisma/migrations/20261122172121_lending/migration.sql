-- CreateEnum
CREATE TYPE "lending_mode" AS ENUM ('WATERFALL', 'ALL_OFFERS');

-- CreateEnum
CREATE TYPE "application_status" AS ENUM ('SUBMITTED', 'IN_PROGRESS', 'OFFERED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "attempt_kind" AS ENUM ('APPLY', 'INQUIRY', 'CANCEL');

-- CreateEnum
CREATE TYPE "attempt_outcome" AS ENUM ('IN_FLIGHT', 'APPROVED', 'DECLINED', 'RETRYABLE', 'UNKNOWN', 'NOT_FOUND', 'CANCELLED', 'SKIPPED', 'ERROR');

-- CreateEnum
CREATE TYPE "offer_status" AS ENUM ('OFFERED', 'ACCEPTED', 'RELEASED');

-- CreateEnum
CREATE TYPE "reconciliation_status" AS ENUM ('OPEN', 'RESOLVED');

-- AlterTable
ALTER TABLE "store" ADD COLUMN     "lending_mode" "lending_mode" NOT NULL DEFAULT 'WATERFALL',
ADD COLUMN     "max_ticket_paise" BIGINT NOT NULL DEFAULT 50000000,
ADD COLUMN     "merchant_category" TEXT NOT NULL DEFAULT 'ELECTRONICS',
ADD COLUMN     "min_ticket_paise" BIGINT NOT NULL DEFAULT 100000;

-- CreateTable
CREATE TABLE "lender_connector" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "current_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lender_connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lender_connector_version" (
    "id" UUID NOT NULL,
    "connector_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "descriptor" JSONB NOT NULL,
    "note" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lender_connector_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lender_secret" (
    "id" UUID NOT NULL,
    "lender_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "rotated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lender_secret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan_application" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "shopper_user_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "ticket_paise" BIGINT NOT NULL,
    "item" TEXT NOT NULL,
    "mode" "lending_mode" NOT NULL,
    "status" "application_status" NOT NULL DEFAULT 'SUBMITTED',
    "qr_nonce" TEXT NOT NULL,
    "pan_ciphertext" TEXT NOT NULL,
    "pan_masked" TEXT NOT NULL,
    "date_of_birth" TEXT NOT NULL,
    "monthly_income_paise" BIGINT NOT NULL,
    "employment_type" TEXT NOT NULL,
    "pincode" CHAR(6) NOT NULL,
    "bureau_consent_at" TIMESTAMPTZ(3) NOT NULL,
    "bureau_consent_text" TEXT NOT NULL,
    "bureau_score" INTEGER,
    "bureau_fetched" BOOLEAN NOT NULL DEFAULT false,
    "rule_version_id" TEXT,
    "rule_version" INTEGER,
    "plan" JSONB,
    "fence_token" BIGINT NOT NULL DEFAULT 0,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "call_budget" INTEGER NOT NULL,
    "next_wake_at" TIMESTAMPTZ(3),
    "accepted_offer_id" UUID,
    "decline_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "loan_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lender_attempt" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "lender_code" TEXT NOT NULL,
    "connector_version" INTEGER NOT NULL,
    "kind" "attempt_kind" NOT NULL,
    "seq" INTEGER NOT NULL,
    "reference" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "outcome" "attempt_outcome" NOT NULL DEFAULT 'IN_FLIGHT',
    "http_status" INTEGER,
    "lender_reference" TEXT,
    "reason" TEXT,
    "latency_ms" INTEGER,
    "fence_token" BIGINT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "lender_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lender_offer" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "lender_code" TEXT NOT NULL,
    "lender_name" TEXT NOT NULL,
    "lender_reference" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "proposal_number" TEXT NOT NULL,
    "principal_paise" BIGINT NOT NULL,
    "tenor_months" INTEGER NOT NULL,
    "annual_rate_bps" INTEGER NOT NULL,
    "processing_fee_paise" BIGINT NOT NULL,
    "emi_paise" BIGINT NOT NULL,
    "apr_bps" INTEGER NOT NULL,
    "total_payable_paise" BIGINT NOT NULL,
    "terms" JSONB NOT NULL,
    "kfs" JSONB NOT NULL,
    "kfs_valid_until" TEXT NOT NULL,
    "display_rank" INTEGER NOT NULL DEFAULT 1,
    "status" "offer_status" NOT NULL DEFAULT 'OFFERED',
    "release_reason" TEXT,
    "released_at_lender" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lender_offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_item" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "lender_code" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" "reconciliation_status" NOT NULL DEFAULT 'OPEN',
    "inquiries" INTEGER NOT NULL DEFAULT 0,
    "last_checked_at" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconciliation_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lender_connector_code_key" ON "lender_connector"("code");

-- CreateIndex
CREATE UNIQUE INDEX "lender_connector_version_connector_id_version_key" ON "lender_connector_version"("connector_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "lender_secret_lender_code_name_key" ON "lender_secret"("lender_code", "name");

-- CreateIndex
CREATE UNIQUE INDEX "loan_application_reference_key" ON "loan_application"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "loan_application_qr_nonce_key" ON "loan_application"("qr_nonce");

-- CreateIndex
CREATE UNIQUE INDEX "loan_application_accepted_offer_id_key" ON "loan_application"("accepted_offer_id");

-- CreateIndex
CREATE INDEX "loan_application_shopper_user_id_created_at_idx" ON "loan_application"("shopper_user_id", "created_at");

-- CreateIndex
CREATE INDEX "loan_application_store_id_created_at_idx" ON "loan_application"("store_id", "created_at");

-- CreateIndex
CREATE INDEX "loan_application_organisation_id_created_at_idx" ON "loan_application"("organisation_id", "created_at");

-- CreateIndex
CREATE INDEX "loan_application_status_lease_until_idx" ON "loan_application"("status", "lease_until");

-- CreateIndex
CREATE UNIQUE INDEX "lender_attempt_request_id_key" ON "lender_attempt"("request_id");

-- CreateIndex
CREATE INDEX "lender_attempt_lender_code_started_at_idx" ON "lender_attempt"("lender_code", "started_at");

-- CreateIndex
CREATE INDEX "lender_attempt_application_id_started_at_idx" ON "lender_attempt"("application_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "lender_attempt_application_id_lender_code_kind_seq_key" ON "lender_attempt"("application_id", "lender_code", "kind", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "lender_offer_proposal_number_key" ON "lender_offer"("proposal_number");

-- CreateIndex
CREATE INDEX "lender_offer_status_released_at_lender_idx" ON "lender_offer"("status", "released_at_lender");

-- CreateIndex
CREATE UNIQUE INDEX "lender_offer_application_id_lender_code_key" ON "lender_offer"("application_id", "lender_code");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_item_reference_key" ON "reconciliation_item"("reference");

-- CreateIndex
CREATE INDEX "reconciliation_item_status_created_at_idx" ON "reconciliation_item"("status", "created_at");

-- CreateIndex
CREATE INDEX "reconciliation_item_application_id_idx" ON "reconciliation_item"("application_id");

-- AddForeignKey
ALTER TABLE "lender_connector_version" ADD CONSTRAINT "lender_connector_version_connector_id_fkey" FOREIGN KEY ("connector_id") REFERENCES "lender_connector"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loan_application" ADD CONSTRAINT "loan_application_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lender_attempt" ADD CONSTRAINT "lender_attempt_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "loan_application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lender_offer" ADD CONSTRAINT "lender_offer_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "loan_application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written invariants (lending)
ALTER TABLE "loan_application" ADD CONSTRAINT "loan_application_ticket_positive" CHECK ("ticket_paise" > 0);
ALTER TABLE "loan_application" ADD CONSTRAINT "loan_application_accepted_has_offer"
  CHECK (("status" = 'ACCEPTED') = ("accepted_offer_id" IS NOT NULL));
ALTER TABLE "lender_offer" ADD CONSTRAINT "lender_offer_amounts_positive"
  CHECK ("principal_paise" > 0 AND "emi_paise" > 0 AND "processing_fee_paise" >= 0);
ALTER TABLE "store" ADD CONSTRAINT "store_ticket_limits" CHECK ("min_ticket_paise" > 0 AND "max_ticket_paise" >= "min_ticket_paise");

-- Published connector versions are immutable: an edit is a new version.
CREATE FUNCTION lender_connector_version_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'lender_connector_version rows are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lender_connector_version_no_update BEFORE UPDATE OR DELETE ON "lender_connector_version"
  FOR EACH ROW EXECUTE FUNCTION lender_connector_version_immutable();
