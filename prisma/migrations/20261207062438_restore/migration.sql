-- CreateTable
CREATE TABLE "restore" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "restoreType" TEXT NOT NULL,
    "backupJobId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "hbrSnapshotId" TEXT NOT NULL,
    "sourceInstanceId" TEXT NOT NULL,
    "sourceRegionId" TEXT NOT NULL,
    "restoreRegionId" TEXT NOT NULL,
    "targetInstanceId" TEXT,
    "request" JSONB NOT NULL,
    "backupPoint" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "cloudRestoreJobId" TEXT,
    "backUpFirstJobId" TEXT,
    "resultInstanceId" TEXT,
    "lastError" JSONB,
    "requestedById" TEXT,
    "requestedByName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "restore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "restore_cloudRestoreJobId_key" ON "restore"("cloudRestoreJobId");

-- CreateIndex
CREATE INDEX "restore_createdAt_idx" ON "restore"("createdAt");

-- CreateIndex
CREATE INDEX "restore_status_idx" ON "restore"("status");

-- CreateIndex
CREATE INDEX "restore_sourceInstanceId_createdAt_idx" ON "restore"("sourceInstanceId", "createdAt");

-- CreateIndex
CREATE INDEX "restore_planId_createdAt_idx" ON "restore"("planId", "createdAt");

-- At most one open restore per instance it changes in place (a rollback, or disks restored to an instance).
CREATE UNIQUE INDEX "restore_one_open_per_target" ON "restore"("targetInstanceId") WHERE "status" IN ('pending', 'running', 'canceling') AND "targetInstanceId" IS NOT NULL;
ALTER TABLE "restore" ADD CONSTRAINT "restore_progress_check" CHECK ("progress" BETWEEN 0 AND 100);
