-- The jobs the syncs still follow (unfinished, or succeeded with their backup point not read yet) are a handful among
-- hundreds of thousands: a partial index finds them without reading every job (region sync, the worker's sweep).
-- Not in schema.prisma (Prisma has no partial indexes); the queries that use it spell the same predicate in SQL.
CREATE INDEX "backup_job_open_planId_idx" ON "backup_job" ("planId")
  WHERE "status" NOT IN ('COMPLETE', 'PARTIAL_COMPLETE', 'FAILED', 'CANCELED', 'EXPIRED')
     OR ("status" IN ('COMPLETE', 'PARTIAL_COMPLETE') AND "consistencyLevel" IS NULL AND "consistencyRaw" IS NULL);
