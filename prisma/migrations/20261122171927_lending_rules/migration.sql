-- CreateEnum
CREATE TYPE "lending_rule_version_status" AS ENUM ('DRAFT', 'PENDING_APPROVAL', 'PUBLISHED', 'DISCARDED');

-- CreateTable
CREATE TABLE "lending_rule_version" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "lending_rule_version_status" NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "based_on_id" UUID,
    "created_by_id" UUID,
    "editor_ids" UUID[],
    "submitted_by_id" UUID,
    "submitted_at" TIMESTAMPTZ(3),
    "approved_by_id" UUID,
    "published_at" TIMESTAMPTZ(3),
    "rejected_by_id" UUID,
    "rejection_note" TEXT,
    "simulation" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lending_rule_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lending_rule_evaluation" (
    "application_id" TEXT NOT NULL,
    "rule_version_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "facts" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "trace" JSONB NOT NULL,
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lending_rule_evaluation_pkey" PRIMARY KEY ("application_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lending_rule_version_version_key" ON "lending_rule_version"("version");

-- CreateIndex
CREATE INDEX "lending_rule_version_status_published_at_idx" ON "lending_rule_version"("status", "published_at");

-- CreateIndex
CREATE INDEX "lending_rule_version_based_on_id_idx" ON "lending_rule_version"("based_on_id");

-- CreateIndex
CREATE INDEX "lending_rule_evaluation_rule_version_id_idx" ON "lending_rule_evaluation"("rule_version_id");

-- CreateIndex
CREATE INDEX "lending_rule_evaluation_evaluated_at_idx" ON "lending_rule_evaluation"("evaluated_at");

-- AddForeignKey
ALTER TABLE "lending_rule_evaluation" ADD CONSTRAINT "lending_rule_evaluation_rule_version_id_fkey" FOREIGN KEY ("rule_version_id") REFERENCES "lending_rule_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written invariants (lending rules).

-- Maker-checker: nobody who created, edited or submitted a version may approve it.
ALTER TABLE "lending_rule_version" ADD CONSTRAINT "lending_rule_version_maker_checker" CHECK (
  "approved_by_id" IS NULL OR (
    "approved_by_id" IS DISTINCT FROM "created_by_id"
    AND "approved_by_id" IS DISTINCT FROM "submitted_by_id"
    AND NOT ("approved_by_id" = ANY (COALESCE("editor_ids", '{}')))
  )
);
-- A published version was approved by someone, unless it is the system-seeded baseline.
ALTER TABLE "lending_rule_version" ADD CONSTRAINT "lending_rule_version_published_approved" CHECK (
  "status" <> 'PUBLISHED' OR "approved_by_id" IS NOT NULL OR "created_by_id" IS NULL
);
ALTER TABLE "lending_rule_version" ADD CONSTRAINT "lending_rule_version_positive" CHECK ("version" > 0);

-- Published versions are immutable; a version awaiting approval keeps its content; only drafts
-- may be deleted; publishing must go through approval.
CREATE FUNCTION lending_rule_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'DRAFT' THEN
      RAISE EXCEPTION 'lending rule version % is %: it cannot be deleted', OLD.version, OLD.status
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'PUBLISHED' THEN
    RAISE EXCEPTION 'lending rule version % is published and immutable', OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.status = 'PENDING_APPROVAL' AND (NEW.content IS DISTINCT FROM OLD.content
      OR NEW.content_hash IS DISTINCT FROM OLD.content_hash) THEN
    RAISE EXCEPTION 'lending rule version % awaits approval: its content cannot change', OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status = 'PUBLISHED' AND OLD.status <> 'PENDING_APPROVAL' THEN
    RAISE EXCEPTION 'lending rule version % must be approved before it is published', OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.version <> OLD.version OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'lending rule version numbers never change' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER lending_rule_version_guard BEFORE UPDATE OR DELETE ON "lending_rule_version"
  FOR EACH ROW EXECUTE FUNCTION lending_rule_version_guard();

-- A recorded evaluation is evidence: never changed or deleted.
CREATE FUNCTION lending_rule_evaluation_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'lending_rule_evaluation is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER lending_rule_evaluation_append_only BEFORE UPDATE OR DELETE ON "lending_rule_evaluation"
  FOR EACH ROW EXECUTE FUNCTION lending_rule_evaluation_refuse_change();
