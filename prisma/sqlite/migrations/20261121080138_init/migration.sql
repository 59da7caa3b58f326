-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "threadTs" TEXT,
    "kind" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "requestedBy" TEXT,
    "policy" TEXT NOT NULL,
    "ruleKey" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "approvers" TEXT NOT NULL,
    "approvalsNeeded" INTEGER NOT NULL,
    "allowSelfApproval" BOOLEAN NOT NULL,
    "expiresAt" DATETIME,
    "onExpiry" TEXT NOT NULL,
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "executedAt" DATETIME,
    "leaseUntil" DATETIME,
    "result" TEXT,
    "resultChannel" TEXT,
    "resultTs" TEXT,
    "undoHandle" TEXT,
    "undoStatus" TEXT NOT NULL DEFAULT 'none',
    "undoneBy" TEXT,
    "undoneAt" DATETIME,
    "error" TEXT,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LedgerEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "from" TEXT,
    "to" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "note" TEXT,
    CONSTRAINT "LedgerEvent_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "Vote_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CardRef" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "threadTs" TEXT,
    CONSTRAINT "CardRef_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PolicyRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "approvers" TEXT NOT NULL,
    "approvalsNeeded" INTEGER NOT NULL,
    "allowSelfApproval" BOOLEAN NOT NULL,
    "expiresAfterSec" INTEGER NOT NULL,
    "onExpiry" TEXT NOT NULL,
    "quietHours" TEXT,
    "dailyAutoCap" INTEGER,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PolicyChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT
);

-- CreateTable
CREATE TABLE "Admin" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApproverGroup" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "members" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChannelSetting" (
    "channel" TEXT NOT NULL PRIMARY KEY,
    "timeZone" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OpenQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "askedAt" DATETIME NOT NULL,
    "answeredAt" DATETIME,
    "answeredBy" TEXT,
    "proposedAt" DATETIME
);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "signal" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "receivedAt" DATETIME NOT NULL,
    "doneAt" DATETIME,
    "error" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_dedupeKey_key" ON "LedgerEntry"("dedupeKey");

-- CreateIndex
CREATE INDEX "LedgerEntry_status_expiresAt_idx" ON "LedgerEntry"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_platform_channel_threadTs_idx" ON "LedgerEntry"("platform", "channel", "threadTs");

-- CreateIndex
CREATE INDEX "LedgerEntry_kind_status_idx" ON "LedgerEntry"("kind", "status");

-- CreateIndex
CREATE INDEX "LedgerEntry_ruleKey_mode_createdAt_idx" ON "LedgerEntry"("ruleKey", "mode", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_platform_resultChannel_resultTs_idx" ON "LedgerEntry"("platform", "resultChannel", "resultTs");

-- CreateIndex
CREATE INDEX "LedgerEvent_entryId_idx" ON "LedgerEvent"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_entryId_userId_key" ON "Vote"("entryId", "userId");

-- CreateIndex
CREATE INDEX "CardRef_platform_channel_messageId_idx" ON "CardRef"("platform", "channel", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "CardRef_entryId_platform_channel_messageId_key" ON "CardRef"("entryId", "platform", "channel", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyRule_scope_kind_key" ON "PolicyRule"("scope", "kind");

-- CreateIndex
CREATE INDEX "PolicyChange_at_idx" ON "PolicyChange"("at");

-- CreateIndex
CREATE INDEX "OpenQuestion_answeredAt_proposedAt_askedAt_idx" ON "OpenQuestion"("answeredAt", "proposedAt", "askedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OpenQuestion_platform_channel_ts_key" ON "OpenQuestion"("platform", "channel", "ts");

-- CreateIndex
CREATE INDEX "InboxEvent_status_receivedAt_idx" ON "InboxEvent"("status", "receivedAt");

