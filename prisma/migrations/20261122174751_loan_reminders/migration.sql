-- CreateTable
CREATE TABLE "loan_reminder" (
    "id" UUID NOT NULL,
    "loan_id" UUID NOT NULL,
    "due_date" DATE NOT NULL,
    "amount_paise" BIGINT NOT NULL,
    "message_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "loan_reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loan_reminder_batch" (
    "id" UUID NOT NULL,
    "due_date" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "selected" INTEGER NOT NULL DEFAULT 0,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "loan_reminder_batch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "loan_reminder_batch_id_idx" ON "loan_reminder"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "loan_reminder_loan_id_due_date_key" ON "loan_reminder"("loan_id", "due_date");

-- CreateIndex
CREATE INDEX "loan_reminder_batch_due_date_idx" ON "loan_reminder_batch"("due_date");
