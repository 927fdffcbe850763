-- CreateTable
CREATE TABLE "drill_run" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "instanceName" TEXT,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "scheduledFor" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "verdict" TEXT,
    "steps" JSONB NOT NULL,
    "probe" JSONB NOT NULL,
    "backupJobId" TEXT,
    "hbrSnapshotId" TEXT,
    "snapshotAt" TIMESTAMP(3),
    "restoreRegionId" TEXT NOT NULL,
    "restoreJobId" TEXT,
    "drillInstanceId" TEXT,
    "rtoSeconds" INTEGER,
    "probeOutput" TEXT,
    "probeExitCode" INTEGER,
    "lastError" JSONB,
    "instanceDeletedAt" TIMESTAMP(3),
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "drill_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_drill" (
    "planId" TEXT NOT NULL,
    "schedule" JSONB NOT NULL,
    "probe" JSONB NOT NULL,
    "nextDueAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "verifiedRtoS" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "plan_drill_pkey" PRIMARY KEY ("planId")
);

-- CreateIndex
CREATE INDEX "drill_run_planId_createdAt_idx" ON "drill_run"("planId", "createdAt");

-- CreateIndex
CREATE INDEX "drill_run_status_idx" ON "drill_run"("status");

-- CreateIndex
CREATE UNIQUE INDEX "drill_run_planId_instanceId_scheduledFor_key" ON "drill_run"("planId", "instanceId", "scheduledFor");

-- CreateIndex
CREATE INDEX "plan_drill_nextDueAt_idx" ON "plan_drill"("nextDueAt");

-- CreateIndex
CREATE INDEX "plan_drill_verifiedAt_idx" ON "plan_drill"("verifiedAt");

-- Foreign keys written by hand (schema.prisma keeps the models above unchanged): a plan's drills go with it; a
-- deleted user leaves their drills without a requester.
ALTER TABLE "drill_run" ADD CONSTRAINT "drill_run_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "drill_run" ADD CONSTRAINT "drill_run_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "plan_drill" ADD CONSTRAINT "plan_drill_planId_fkey" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
