-- CreateIndex
CREATE INDEX "backup_job_planId_instanceId_cloudCreatedAt_idx" ON "backup_job"("planId", "instanceId", "cloudCreatedAt" DESC);
