-- AlterTable
ALTER TABLE "PolicyRule" ADD COLUMN "notify" TEXT;

-- AlterTable
ALTER TABLE "CalendarFeed" ADD COLUMN "fullSyncAt" DATETIME;
ALTER TABLE "CalendarFeed" ADD COLUMN "label" TEXT;
ALTER TABLE "CalendarFeed" ADD COLUMN "syncToken" TEXT;

-- AlterTable
ALTER TABLE "CalendarOccurrence" ADD COLUMN "ref" TEXT;

-- CreateTable
CREATE TABLE "CalendarItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "feedId" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "etag" TEXT,
    "data" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarItem_feedId_ref_key" ON "CalendarItem"("feedId", "ref");

