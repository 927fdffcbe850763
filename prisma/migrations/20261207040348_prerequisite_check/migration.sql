-- CreateTable
CREATE TABLE "prerequisite_check" (
    "instanceId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "prerequisite_check_pkey" PRIMARY KEY ("instanceId")
);
