-- AlterTable
ALTER TABLE "alert_delivery" ADD COLUMN     "leaseId" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);
