-- CreateTable
CREATE TABLE "sync_cursor" (
    "regionId" TEXT NOT NULL,
    "lastCreatedTime" INTEGER NOT NULL DEFAULT 0,
    "lastRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_cursor_pkey" PRIMARY KEY ("regionId")
);
