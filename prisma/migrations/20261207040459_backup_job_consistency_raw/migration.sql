-- AlterTable
ALTER TABLE "backup_job" ADD COLUMN     "consistencyRaw" TEXT;
