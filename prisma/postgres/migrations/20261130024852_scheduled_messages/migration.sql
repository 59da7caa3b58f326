-- CreateTable
CREATE TABLE "ScheduledMessage" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "thread" TEXT,
    "body" TEXT NOT NULL,
    "postAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),
    "messageId" TEXT,
    "error" TEXT,

    CONSTRAINT "ScheduledMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduledMessage_status_postAt_idx" ON "ScheduledMessage"("status", "postAt");

