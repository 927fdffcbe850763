-- CreateTable
CREATE TABLE "inventory_instance" (
    "instanceId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "osType" TEXT NOT NULL,
    "osName" TEXT NOT NULL,
    "zoneId" TEXT NOT NULL,
    "tags" TEXT[],
    "ecsCreatedAt" TIMESTAMP(3),
    "boundPolicyId" TEXT,
    "boundPolicyName" TEXT,
    "bindingDisabled" BOOLEAN NOT NULL DEFAULT false,
    "hbrPlanId" TEXT,
    "hbrPlanName" TEXT,
    "hbrPlanDisabled" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'unprotected',
    "reasonCode" TEXT NOT NULL DEFAULT 'noProtection',
    "reason" TEXT NOT NULL DEFAULT '',
    "planId" TEXT,
    "planName" TEXT,
    "outside" BOOLEAN NOT NULL DEFAULT false,
    "lastBackupAt" TIMESTAMP(3),
    "stateSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inventory_instance_pkey" PRIMARY KEY ("instanceId")
);

-- CreateTable
CREATE TABLE "inventory_sync" (
    "regionId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "instances" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "lastError" JSONB,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "inventory_sync_pkey" PRIMARY KEY ("regionId")
);

-- CreateTable
CREATE TABLE "alert_rule" (
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "thresholdHours" INTEGER,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "alert_channel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "format" TEXT,
    "urlCipher" TEXT,
    "urlDisplay" TEXT,
    "secretCipher" TEXT,
    "recipients" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "subjectName" TEXT NOT NULL,
    "regionId" TEXT,
    "planId" TEXT,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "details" JSONB,
    "openKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" TEXT NOT NULL,
    "alertId" TEXT,
    "channelId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "statusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inventory_instance_regionId_state_name_idx" ON "inventory_instance"("regionId", "state", "name");

-- CreateIndex
CREATE INDEX "inventory_instance_state_name_idx" ON "inventory_instance"("state", "name");

-- CreateIndex
CREATE INDEX "inventory_instance_regionId_name_idx" ON "inventory_instance"("regionId", "name");

-- CreateIndex
CREATE INDEX "inventory_instance_name_idx" ON "inventory_instance" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "inventory_instance_tags_idx" ON "inventory_instance" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "alert_channel_name_key" ON "alert_channel"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_openKey_key" ON "alert"("openKey");

-- CreateIndex
CREATE INDEX "alert_status_openedAt_idx" ON "alert"("status", "openedAt" DESC);

-- CreateIndex
CREATE INDEX "alert_openedAt_idx" ON "alert"("openedAt" DESC);

-- CreateIndex
CREATE INDEX "alert_subjectKey_idx" ON "alert"("subjectKey");

-- CreateIndex
CREATE INDEX "alert_delivery_channelId_createdAt_idx" ON "alert_delivery"("channelId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "alert_delivery_status_idx" ON "alert_delivery"("status");

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_alertId_channelId_event_key" ON "alert_delivery"("alertId", "channelId", "event");

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "alert_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
