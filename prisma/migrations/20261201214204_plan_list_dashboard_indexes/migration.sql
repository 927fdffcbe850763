-- Indexes for the plan list (sort by creation, text search) and the dashboard (jobs per plan by completion,
-- jobs by creation). Text search is ILIKE '%q%' on plan and instance names: trigram GIN indexes serve it, and
-- pg_trgm is a trusted extension (PostgreSQL >= 13), so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "plan_createdAt_idx";

-- DropIndex
DROP INDEX "backup_job_planId_idx";

-- CreateIndex
CREATE INDEX "plan_regionId_status_mode_idx" ON "plan"("regionId", "status", "mode");

-- CreateIndex
CREATE INDEX "plan_createdAt_id_idx" ON "plan"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "plan_regionId_createdAt_id_idx" ON "plan"("regionId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "plan_name_idx" ON "plan" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "plan_instance_instanceName_idx" ON "plan_instance" USING GIN ("instanceName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "backup_job_planId_completedAt_idx" ON "backup_job"("planId", "completedAt");

-- CreateIndex
CREATE INDEX "backup_job_cloudCreatedAt_idx" ON "backup_job"("cloudCreatedAt");
