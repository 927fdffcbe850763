-- CreateIndex
CREATE INDEX "inventory_instance_instanceId_trgm_idx" ON "inventory_instance" USING GIN ("instanceId" gin_trgm_ops);
