-- CreateTable
CREATE TABLE "fund_scheme" (
    "code" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "amc" TEXT,
    "category" TEXT,
    "structure" TEXT,
    "plan" TEXT NOT NULL,
    "option" TEXT NOT NULL,
    "scheme_class" TEXT NOT NULL,
    "isin_growth" TEXT,
    "isin_reinvest" TEXT,
    "risk_level" INTEGER NOT NULL DEFAULT 6,
    "risk_level_set_by_admin" BOOLEAN NOT NULL DEFAULT false,
    "min_investment_paise" BIGINT,
    "max_investment_paise" BIGINT,
    "cutoff_override" TEXT,
    "launch_date" DATE,
    "latest_nav" DECIMAL(20,8),
    "latest_nav_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_scheme_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "fund_nav" (
    "scheme_code" INTEGER NOT NULL,
    "nav_date" DATE NOT NULL,
    "nav" DECIMAL(20,8) NOT NULL,
    "ingest_run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_nav_pkey" PRIMARY KEY ("scheme_code","nav_date")
);

-- CreateTable
CREATE TABLE "fund_nav_revision" (
    "id" UUID NOT NULL,
    "scheme_code" INTEGER NOT NULL,
    "nav_date" DATE NOT NULL,
    "previous_nav" DECIMAL(20,8) NOT NULL,
    "nav" DECIMAL(20,8) NOT NULL,
    "ingest_run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_nav_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_raw_file" (
    "id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "file_name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "source_ref" TEXT,
    "size_bytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_raw_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_ingest_run" (
    "id" UUID NOT NULL,
    "raw_file_id" UUID,
    "sha256" CHAR(64),
    "file_name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "layout" TEXT,
    "rows_total" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "revised" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "older_than_latest" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "quarantined" INTEGER NOT NULL DEFAULT 0,
    "quarantine_reasons" JSONB NOT NULL DEFAULT '{}',
    "warnings" JSONB NOT NULL DEFAULT '{}',
    "refusal_code" TEXT,
    "error" TEXT,
    "requested_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "broadcast_at" TIMESTAMPTZ(3),

    CONSTRAINT "fund_ingest_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_ingest_issue" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "scheme_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "fund_ingest_issue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_held_nav" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "scheme_code" INTEGER NOT NULL,
    "nav_date" DATE NOT NULL,
    "nav" DECIMAL(20,8) NOT NULL,
    "previous_nav" DECIMAL(20,8) NOT NULL,
    "previous_nav_date" DATE NOT NULL,
    "jump_bps" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_held_nav_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_setting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "source_kind" TEXT NOT NULL DEFAULT 'url',
    "source_url" TEXT,
    "drop_folder" TEXT,
    "poll_enabled" BOOLEAN NOT NULL DEFAULT true,
    "jump_threshold_bps" INTEGER NOT NULL DEFAULT 2000,
    "future_window_days" INTEGER NOT NULL DEFAULT 1,
    "holidays" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "alert_email" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_feed_state" (
    "feed" TEXT NOT NULL,
    "last_fetch_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_sha256" CHAR(64),
    "alert_active" BOOLEAN NOT NULL DEFAULT false,
    "alert_message" TEXT,
    "alert_raised_at" TIMESTAMPTZ(3),

    CONSTRAINT "fund_feed_state_pkey" PRIMARY KEY ("feed")
);

-- CreateIndex
CREATE INDEX "fund_scheme_amc_idx" ON "fund_scheme"("amc");

-- CreateIndex
CREATE INDEX "fund_scheme_category_idx" ON "fund_scheme"("category");

-- CreateIndex
CREATE INDEX "fund_scheme_isin_growth_idx" ON "fund_scheme"("isin_growth");

-- CreateIndex
CREATE INDEX "fund_scheme_isin_reinvest_idx" ON "fund_scheme"("isin_reinvest");

-- CreateIndex
CREATE INDEX "fund_scheme_name_idx" ON "fund_scheme"("name");

-- CreateIndex
CREATE INDEX "fund_nav_ingest_run_id_idx" ON "fund_nav"("ingest_run_id");

-- CreateIndex
CREATE INDEX "fund_nav_revision_scheme_code_nav_date_idx" ON "fund_nav_revision"("scheme_code", "nav_date");

-- CreateIndex
CREATE INDEX "fund_nav_revision_ingest_run_id_idx" ON "fund_nav_revision"("ingest_run_id");

-- CreateIndex
CREATE UNIQUE INDEX "fund_raw_file_sha256_key" ON "fund_raw_file"("sha256");

-- CreateIndex
CREATE INDEX "fund_raw_file_received_at_idx" ON "fund_raw_file"("received_at");

-- CreateIndex
CREATE INDEX "fund_ingest_run_created_at_idx" ON "fund_ingest_run"("created_at");

-- CreateIndex
CREATE INDEX "fund_ingest_run_raw_file_id_idx" ON "fund_ingest_run"("raw_file_id");

-- CreateIndex
CREATE INDEX "fund_ingest_issue_run_id_reason_idx" ON "fund_ingest_issue"("run_id", "reason");

-- CreateIndex
CREATE INDEX "fund_held_nav_status_created_at_idx" ON "fund_held_nav"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "fund_held_nav_scheme_code_nav_date_run_id_key" ON "fund_held_nav"("scheme_code", "nav_date", "run_id");

-- Hand-written invariants (funds)
ALTER TABLE "fund_nav" ADD CONSTRAINT "fund_nav_positive" CHECK ("nav" > 0);
ALTER TABLE "fund_scheme" ADD CONSTRAINT "fund_scheme_latest_nav_positive" CHECK ("latest_nav" IS NULL OR "latest_nav" > 0);
ALTER TABLE "fund_scheme" ADD CONSTRAINT "fund_scheme_risk_level" CHECK ("risk_level" BETWEEN 1 AND 6);
ALTER TABLE "fund_scheme" ADD CONSTRAINT "fund_scheme_plan" CHECK ("plan" IN ('direct', 'regular'));
ALTER TABLE "fund_scheme" ADD CONSTRAINT "fund_scheme_option" CHECK ("option" IN ('growth', 'idcw'));
ALTER TABLE "fund_held_nav" ADD CONSTRAINT "fund_held_nav_status" CHECK ("status" IN ('PENDING', 'APPROVED', 'REJECTED'));
ALTER TABLE "fund_setting" ADD CONSTRAINT "fund_setting_singleton" CHECK ("id" = 1);
INSERT INTO "fund_setting" ("id") VALUES (1) ON CONFLICT DO NOTHING;
