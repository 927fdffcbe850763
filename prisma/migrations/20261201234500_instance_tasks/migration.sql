-- AlterTable
ALTER TABLE "plan_instance" ADD COLUMN     "predictedAt" TIMESTAMP(3),
ADD COLUMN     "predictedLevel" TEXT,
ADD COLUMN     "predictedReason" TEXT;

-- AlterTable
ALTER TABLE "backup_job" ADD COLUMN     "predictedLevel" TEXT;

-- CreateTable
CREATE TABLE "instance_task" (
    "id" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "input" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "summary" TEXT,
    "lastError" JSONB,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "instance_task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "instance_task_instanceId_createdAt_idx" ON "instance_task"("instanceId", "createdAt");

-- AddForeignKey
ALTER TABLE "instance_task" ADD CONSTRAINT "instance_task_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- What the diff cannot express: the allowed values, and one open task per instance (two fixes on one instance
-- at once could race, e.g. attaching a role while another task reads it).
ALTER TABLE "instance_task" ADD CONSTRAINT "instance_task_kind_check" CHECK ("kind" IN ('ramRole', 'cloudAssistant', 'scripts', 'dryRun'));
ALTER TABLE "instance_task" ADD CONSTRAINT "instance_task_status_check" CHECK ("status" IN ('pending', 'running', 'done', 'failed'));
CREATE UNIQUE INDEX "instance_task_one_open_per_instance" ON "instance_task"("instanceId") WHERE "status" IN ('pending', 'running');
ALTER TABLE "plan_instance" ADD CONSTRAINT "plan_instance_predicted_level_check" CHECK ("predictedLevel" IN ('APPLICATION', 'FILE_SYSTEM', 'CRASH'));
ALTER TABLE "backup_job" ADD CONSTRAINT "backup_job_predicted_level_check" CHECK ("predictedLevel" IN ('APPLICATION', 'FILE_SYSTEM', 'CRASH'));
-- The dashboard's "not as predicted" figure reads only jobs that carry a prediction.
CREATE INDEX "backup_job_predicted_completedAt_idx" ON "backup_job"("completedAt") WHERE "predictedLevel" IS NOT NULL;
