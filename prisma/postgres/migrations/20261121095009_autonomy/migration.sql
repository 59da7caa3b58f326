-- AlterTable
ALTER TABLE "ChannelSetting" ADD COLUMN     "detectors" TEXT,
ADD COLUMN     "lead" TEXT,
ADD COLUMN     "mode" TEXT,
ADD COLUMN     "quietHours" TEXT,
ALTER COLUMN "timeZone" DROP NOT NULL;

-- CreateTable
CREATE TABLE "RoundupSchedule" (
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoundupSchedule_pkey" PRIMARY KEY ("platform","channel")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "slot" TIMESTAMP(3) NOT NULL,
    "owner" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("job","slot")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "checkedAt" TIMESTAMP(3),
    "okAt" TIMESTAMP(3),
    "nextCheckAt" TIMESTAMP(3) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "warnings" TEXT,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarOccurrence" (
    "id" SERIAL NOT NULL,
    "feedId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "allDay" BOOLEAN NOT NULL,
    "recurring" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "organizer" TEXT,
    "attendees" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "skipped" BOOLEAN NOT NULL DEFAULT false,
    "soonSignaled" BOOLEAN NOT NULL DEFAULT false,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assignee" TEXT,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "url" TEXT,
    "misses" INTEGER NOT NULL DEFAULT 0,
    "missedDueAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deal" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "owner" TEXT,
    "value" TEXT,
    "url" TEXT,
    "closed" BOOLEAN NOT NULL,
    "lastActivityAt" TIMESTAMP(3) NOT NULL,
    "nudgedFor" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Thread" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "starter" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "participants" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "lastUser" TEXT NOT NULL,
    "lastText" TEXT NOT NULL,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "nudgedFor" TIMESTAMP(3),

    CONSTRAINT "Thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobRun_job_status_idx" ON "JobRun"("job", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_platform_channel_url_key" ON "CalendarFeed"("platform", "channel", "url");

-- CreateIndex
CREATE INDEX "CalendarOccurrence_feedId_uid_startsAt_idx" ON "CalendarOccurrence"("feedId", "uid", "startsAt");

-- CreateIndex
CREATE INDEX "CalendarOccurrence_startsAt_idx" ON "CalendarOccurrence"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarOccurrence_feedId_key_key" ON "CalendarOccurrence"("feedId", "key");

-- CreateIndex
CREATE INDEX "Task_platform_channel_status_idx" ON "Task"("platform", "channel", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Task_source_externalId_key" ON "Task"("source", "externalId");

-- CreateIndex
CREATE INDEX "Deal_closed_lastActivityAt_idx" ON "Deal"("closed", "lastActivityAt");

-- CreateIndex
CREATE UNIQUE INDEX "Deal_source_externalId_key" ON "Deal"("source", "externalId");

-- CreateIndex
CREATE INDEX "Thread_platform_channel_lastAt_idx" ON "Thread"("platform", "channel", "lastAt");

-- CreateIndex
CREATE UNIQUE INDEX "Thread_platform_channel_ts_key" ON "Thread"("platform", "channel", "ts");

-- CreateIndex
CREATE INDEX "Decision_platform_channel_at_idx" ON "Decision"("platform", "channel", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_platform_channel_ts_key" ON "Decision"("platform", "channel", "ts");

