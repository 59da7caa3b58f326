-- CreateTable
CREATE TABLE "RoundupSchedule" (
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "channel")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "slot" DATETIME NOT NULL,
    "owner" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "error" TEXT,

    PRIMARY KEY ("job", "slot")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "checkedAt" DATETIME,
    "okAt" DATETIME,
    "nextCheckAt" DATETIME NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "warnings" TEXT
);

-- CreateTable
CREATE TABLE "CalendarOccurrence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "feedId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "allDay" BOOLEAN NOT NULL,
    "recurring" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "organizer" TEXT,
    "attendees" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "skipped" BOOLEAN NOT NULL DEFAULT false,
    "soonSignaled" BOOLEAN NOT NULL DEFAULT false,
    "seenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assignee" TEXT,
    "dueAt" DATETIME,
    "status" TEXT NOT NULL,
    "url" TEXT,
    "misses" INTEGER NOT NULL DEFAULT 0,
    "missedDueAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Deal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "lastActivityAt" DATETIME NOT NULL,
    "nudgedFor" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Thread" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "starter" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "participants" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "lastUser" TEXT NOT NULL,
    "lastText" TEXT NOT NULL,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "nudgedFor" DATETIME
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChannelSetting" (
    "channel" TEXT NOT NULL PRIMARY KEY,
    "timeZone" TEXT,
    "mode" TEXT,
    "quietHours" TEXT,
    "lead" TEXT,
    "detectors" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ChannelSetting" ("channel", "timeZone", "updatedAt", "updatedBy") SELECT "channel", "timeZone", "updatedAt", "updatedBy" FROM "ChannelSetting";
DROP TABLE "ChannelSetting";
ALTER TABLE "new_ChannelSetting" RENAME TO "ChannelSetting";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

