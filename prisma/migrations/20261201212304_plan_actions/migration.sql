-- AlterTable
ALTER TABLE "plan" ADD COLUMN     "lastSuccessAt" TIMESTAMP(3),
ADD COLUMN     "paused" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rpoDueAt" TIMESTAMP(3),
ADD COLUMN     "rpoIntervalS" INTEGER,
ADD COLUMN     "rpoStartAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "backup_job" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "hbrSnapshotId" TEXT,
ADD COLUMN     "snapshotBytes" BIGINT,
ADD COLUMN     "tagConsistency" TEXT,
ADD COLUMN     "triggerMode" TEXT;

-- CreateTable
CREATE TABLE "plan_action" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "jobIds" TEXT[],
    "lastError" JSONB,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "plan_action_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plan_rpoDueAt_idx" ON "plan"("rpoDueAt");

-- CreateIndex
CREATE INDEX "plan_action_planId_createdAt_idx" ON "plan_action"("planId", "createdAt");

-- AddForeignKey
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- What the diff cannot express: the allowed values, one open action per plan, and the data move of the new
-- RPO columns for plans saved before them.
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_kind_check" CHECK ("kind" IN ('pause', 'resume', 'runNow'));
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_status_check" CHECK ("status" IN ('pending', 'running', 'done', 'failed'));
CREATE UNIQUE INDEX "plan_action_one_open_per_plan" ON "plan_action"("planId") WHERE "status" IN ('pending', 'running');

UPDATE "plan" SET
  "rpoStartAt" = ("config"->'backupMode'->'schedule'->>'startTime')::timestamptz AT TIME ZONE 'UTC',
  "rpoIntervalS" = ("config"->'backupMode'->'schedule'->'interval'->>'value')::int *
    CASE "config"->'backupMode'->'schedule'->'interval'->>'unit' WHEN 'hours' THEN 3600 WHEN 'days' THEN 86400 ELSE 604800 END
WHERE "mode" = 'auto' AND "scheduleKind" IN ('newPolicy', 'plan');

UPDATE "plan" p SET "lastSuccessAt" = (
  SELECT max(j."completedAt") FROM "backup_job" j WHERE j."planId" = p."id" AND j."status" IN ('COMPLETE', 'PARTIAL_COMPLETE')
);

UPDATE "plan" SET "rpoDueAt" = GREATEST(COALESCE("lastSuccessAt", "rpoStartAt"), "rpoStartAt") + make_interval(secs => 1.5 * "rpoIntervalS")
WHERE "rpoIntervalS" IS NOT NULL;
