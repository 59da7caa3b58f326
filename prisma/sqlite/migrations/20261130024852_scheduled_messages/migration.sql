-- CreateTable
CREATE TABLE "ScheduledMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "thread" TEXT,
    "body" TEXT NOT NULL,
    "postAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "claimedAt" DATETIME,
    "settledAt" DATETIME,
    "messageId" TEXT,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "ScheduledMessage_status_postAt_idx" ON "ScheduledMessage"("status", "postAt");

