-- AlterTable
ALTER TABLE "loan_application" ADD COLUMN     "bureau_latency_ms" INTEGER;
