-- AlterTable
ALTER TABLE "PolicyRule" ADD COLUMN     "notify" TEXT;

-- AlterTable
ALTER TABLE "CalendarFeed" ADD COLUMN     "fullSyncAt" TIMESTAMP(3),
ADD COLUMN     "label" TEXT,
ADD COLUMN     "syncToken" TEXT;

-- AlterTable
ALTER TABLE "CalendarOccurrence" ADD COLUMN     "ref" TEXT;

-- CreateTable
CREATE TABLE "CalendarItem" (
    "id" SERIAL NOT NULL,
    "feedId" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "etag" TEXT,
    "data" TEXT NOT NULL,

    CONSTRAINT "CalendarItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarItem_feedId_ref_key" ON "CalendarItem"("feedId", "ref");

