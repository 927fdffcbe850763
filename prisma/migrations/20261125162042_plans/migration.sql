-- CreateTable
CREATE TABLE "plan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "scheduleKind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "config" JSONB NOT NULL,
    "retentionDays" INTEGER,
    "appConsistent" BOOLEAN NOT NULL,
    "replicationRegionId" TEXT,
    "replicationRetentionDays" INTEGER,
    "policyId" TEXT,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "lastError" JSONB,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_instance" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "instanceName" TEXT NOT NULL,
    "osType" TEXT NOT NULL,
    "osName" TEXT NOT NULL,
    "protectAllDisks" BOOLEAN NOT NULL,
    "diskIds" TEXT[],
    "snapshotGroup" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "plan_instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cloud_step" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "marker" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "cloudId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" JSONB,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cloud_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backup_job" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "cloudJobId" TEXT NOT NULL,
    "instanceId" TEXT,
    "status" TEXT NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "bytesDone" BIGINT,
    "bytesTotal" BIGINT,
    "consistencyLevel" TEXT,
    "downgradeReason" TEXT,
    "snapshotIds" TEXT[],
    "replicaRegionId" TEXT,
    "cloudCreatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backup_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "plan_idempotencyKey_key" ON "plan"("idempotencyKey");

-- CreateIndex
CREATE INDEX "plan_status_idx" ON "plan"("status");

-- CreateIndex
CREATE INDEX "plan_createdAt_idx" ON "plan"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "plan_regionId_name_key" ON "plan"("regionId", "name");

-- CreateIndex
CREATE INDEX "plan_instance_instanceId_idx" ON "plan_instance"("instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "plan_instance_planId_instanceId_key" ON "plan_instance"("planId", "instanceId");

-- CreateIndex
CREATE UNIQUE INDEX "cloud_step_planId_seq_key" ON "cloud_step"("planId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "backup_job_cloudJobId_key" ON "backup_job"("cloudJobId");

-- CreateIndex
CREATE INDEX "backup_job_planId_idx" ON "backup_job"("planId");

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_instance" ADD CONSTRAINT "plan_instance_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cloud_step" ADD CONSTRAINT "cloud_step_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backup_job" ADD CONSTRAINT "backup_job_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Closed sets, enforced by the database too.
ALTER TABLE "plan" ADD CONSTRAINT "plan_status_check" CHECK ("status" IN ('pending', 'provisioning', 'active', 'failed', 'deleting'));
ALTER TABLE "plan" ADD CONSTRAINT "plan_mode_check" CHECK ("mode" IN ('manual', 'auto'));
ALTER TABLE "cloud_step" ADD CONSTRAINT "cloud_step_status_check" CHECK ("status" IN ('pending', 'running', 'done', 'failed'));
