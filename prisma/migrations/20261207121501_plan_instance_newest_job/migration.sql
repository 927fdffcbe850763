-- AlterTable
ALTER TABLE "plan_instance" ADD COLUMN     "lastJobAt" TIMESTAMP(3),
ADD COLUMN     "lastJobCreatedAt" TIMESTAMP(3),
ADD COLUMN     "lastJobId" TEXT,
ADD COLUMN     "lastJobStatus" TEXT,
ADD COLUMN     "lastLevel" TEXT,
ADD COLUMN     "lastLevelAt" TIMESTAMP(3),
ADD COLUMN     "lastLevelCreatedAt" TIMESTAMP(3),
ADD COLUMN     "lastLevelJobId" TEXT,
ADD COLUMN     "lastLevelPredicted" TEXT;

-- CreateIndex
CREATE INDEX "plan_instance_lastJobStatus_idx" ON "plan_instance"("lastJobStatus");

-- Each plan instance's newest finished job and newest successful job with a known consistency level, refreshed for
-- the given (plan, instance) pairs: the one statement the trigger below and the backfill at the end share.
CREATE FUNCTION "plan_instance_set_newest_jobs"("plan_ids" TEXT[], "instance_ids" TEXT[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "plan_instance" pi SET
    "lastJobId" = f."id", "lastJobCreatedAt" = f."cloudCreatedAt", "lastJobStatus" = f."status", "lastJobAt" = f."at",
    "lastLevelJobId" = l."id", "lastLevelCreatedAt" = l."cloudCreatedAt", "lastLevel" = l."level", "lastLevelPredicted" = l."predicted", "lastLevelAt" = l."at"
  FROM unnest("plan_ids", "instance_ids") AS t("planId", "instanceId")
  LEFT JOIN LATERAL (
    SELECT j."id", j."cloudCreatedAt", j."status", COALESCE(j."completedAt", j."cloudCreatedAt") AS "at" FROM "backup_job" j
    WHERE j."planId" = t."planId" AND j."instanceId" = t."instanceId" AND j."status" IN ('COMPLETE', 'PARTIAL_COMPLETE', 'FAILED')
    ORDER BY j."cloudCreatedAt" DESC, j."id" DESC LIMIT 1
  ) f ON true
  LEFT JOIN LATERAL (
    SELECT j."id", j."cloudCreatedAt", j."consistencyLevel" AS "level", j."predictedLevel" AS "predicted", COALESCE(j."completedAt", j."cloudCreatedAt") AS "at" FROM "backup_job" j
    WHERE j."planId" = t."planId" AND j."instanceId" = t."instanceId" AND j."status" IN ('COMPLETE', 'PARTIAL_COMPLETE') AND j."consistencyLevel" IS NOT NULL
    ORDER BY j."cloudCreatedAt" DESC, j."id" DESC LIMIT 1
  ) l ON true
  WHERE pi."planId" = t."planId" AND pi."instanceId" = t."instanceId"
    AND (pi."lastJobId", pi."lastJobCreatedAt", pi."lastJobStatus", pi."lastJobAt", pi."lastLevelJobId", pi."lastLevelCreatedAt", pi."lastLevel", pi."lastLevelPredicted", pi."lastLevelAt")
      IS DISTINCT FROM (f."id", f."cloudCreatedAt", f."status", f."at", l."id", l."cloudCreatedAt", l."level", l."predicted", l."at");
$$;

-- After every statement on backup_job, for the pairs it touched. Their plan_instance rows are locked first (in id
-- order), so the refresh that follows runs on a snapshot taken after any concurrent writer of the same instance
-- committed (READ COMMITTED takes one per statement) and never writes an older job over a newer one.
CREATE FUNCTION "plan_instance_refresh_newest_jobs"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "plan_ids" TEXT[];
  "instance_ids" TEXT[];
BEGIN
  SELECT array_agg(t."planId"), array_agg(t."instanceId") INTO "plan_ids", "instance_ids"
    FROM (SELECT DISTINCT c."planId", c."instanceId" FROM "changed_jobs" c WHERE c."instanceId" IS NOT NULL) t;
  IF "plan_ids" IS NULL THEN RETURN NULL; END IF;
  PERFORM 1 FROM "plan_instance" pi
    WHERE (pi."planId", pi."instanceId") IN (SELECT * FROM unnest("plan_ids", "instance_ids"))
    ORDER BY pi."id" FOR UPDATE;
  PERFORM "plan_instance_set_newest_jobs"("plan_ids", "instance_ids");
  RETURN NULL;
END
$$;

CREATE TRIGGER "backup_job_newest_after_insert" AFTER INSERT ON "backup_job" REFERENCING NEW TABLE AS "changed_jobs"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_instance_refresh_newest_jobs"();
CREATE TRIGGER "backup_job_newest_after_update" AFTER UPDATE ON "backup_job" REFERENCING NEW TABLE AS "changed_jobs"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_instance_refresh_newest_jobs"();
CREATE TRIGGER "backup_job_newest_after_delete" AFTER DELETE ON "backup_job" REFERENCING OLD TABLE AS "changed_jobs"
  FOR EACH STATEMENT EXECUTE FUNCTION "plan_instance_refresh_newest_jobs"();

-- Backfill: every plan instance from the jobs there are.
SELECT "plan_instance_set_newest_jobs"(array_agg("planId"), array_agg("instanceId")) FROM "plan_instance";
