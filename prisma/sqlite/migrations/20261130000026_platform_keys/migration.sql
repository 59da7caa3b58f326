-- Platform-keyed identities: channels and people become `<platform>:<id>` keys, message fields lose Slack's names
-- (ts → messageId or root, threadTs → thread). Columns whose platform is on the row are converted here; the JSON
-- columns and the rows without a platform (admins, groups, policy rows, channel settings) are converted by the data
-- step src/store/data-migrations/platform-keys.ts, which Teammate runs in the same transaction.

-- DropIndex
DROP INDEX "Task_platform_channel_status_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LedgerEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "thread" TEXT,
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
    "resultMessageId" TEXT,
    "undoHandle" TEXT,
    "undoStatus" TEXT NOT NULL DEFAULT 'none',
    "undoneBy" TEXT,
    "undoneAt" DATETIME,
    "error" TEXT,
    "reason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_LedgerEntry" ("allowSelfApproval", "approvalsNeeded", "approvers", "channel", "createdAt", "decidedAt", "decidedBy", "dedupeKey", "error", "escalated", "evidence", "executedAt", "expiresAt", "id", "kind", "leaseUntil", "mode", "onExpiry", "origin", "params", "platform", "policy", "rationale", "reason", "requestedBy", "result", "resultChannel", "ruleKey", "status", "summary", "trigger", "undoHandle", "undoStatus", "undoneAt", "undoneBy", "updatedAt", "thread", "resultMessageId") SELECT "allowSelfApproval", "approvalsNeeded", "approvers", "channel", "createdAt", "decidedAt", "decidedBy", "dedupeKey", "error", "escalated", "evidence", "executedAt", "expiresAt", "id", "kind", "leaseUntil", "mode", "onExpiry", "origin", "params", "platform", "policy", "rationale", "reason", "requestedBy", "result", "resultChannel", "ruleKey", "status", "summary", "trigger", "undoHandle", "undoStatus", "undoneAt", "undoneBy", "updatedAt", "threadTs", "resultTs" FROM "LedgerEntry";
DROP TABLE "LedgerEntry";
ALTER TABLE "new_LedgerEntry" RENAME TO "LedgerEntry";
CREATE UNIQUE INDEX "LedgerEntry_dedupeKey_key" ON "LedgerEntry"("dedupeKey");
CREATE INDEX "LedgerEntry_status_expiresAt_idx" ON "LedgerEntry"("status", "expiresAt");
CREATE INDEX "LedgerEntry_channel_thread_idx" ON "LedgerEntry"("channel", "thread");
CREATE INDEX "LedgerEntry_kind_status_idx" ON "LedgerEntry"("kind", "status");
CREATE INDEX "LedgerEntry_ruleKey_mode_createdAt_idx" ON "LedgerEntry"("ruleKey", "mode", "createdAt");
CREATE INDEX "LedgerEntry_resultChannel_resultMessageId_idx" ON "LedgerEntry"("resultChannel", "resultMessageId");
CREATE TABLE "new_CardRef" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "thread" TEXT,
    "ref" TEXT NOT NULL,
    CONSTRAINT "CardRef_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CardRef" ("channel", "entryId", "id", "messageId", "platform", "thread", "ref") SELECT "platform" || ':' || "channel", "entryId", "id", "messageId", "platform", "threadTs",
    CASE WHEN "threadTs" IS NULL
      THEN json_object('platform', "platform", 'conversation', "platform" || ':' || "channel", 'id', "messageId")
      ELSE json_object('platform', "platform", 'conversation', "platform" || ':' || "channel", 'id', "messageId", 'thread', "threadTs")
    END FROM "CardRef";
DROP TABLE "CardRef";
ALTER TABLE "new_CardRef" RENAME TO "CardRef";
CREATE INDEX "CardRef_platform_channel_messageId_idx" ON "CardRef"("platform", "channel", "messageId");
CREATE UNIQUE INDEX "CardRef_entryId_platform_channel_messageId_key" ON "CardRef"("entryId", "platform", "channel", "messageId");
CREATE TABLE "new_Thread" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "root" TEXT NOT NULL,
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
INSERT INTO "new_Thread" ("channel", "id", "lastAt", "lastText", "lastUser", "nudgedFor", "participants", "platform", "replies", "resolved", "startedAt", "starter", "text", "root") SELECT "channel", "id", "lastAt", "lastText", "lastUser", "nudgedFor", "participants", "platform", "replies", "resolved", "startedAt", "starter", "text", "ts" FROM "Thread";
DROP TABLE "Thread";
ALTER TABLE "new_Thread" RENAME TO "Thread";
CREATE INDEX "Thread_channel_lastAt_idx" ON "Thread"("channel", "lastAt");
CREATE UNIQUE INDEX "Thread_channel_root_key" ON "Thread"("channel", "root");
CREATE TABLE "new_Decision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);
INSERT INTO "new_Decision" ("at", "channel", "id", "platform", "text", "userId", "messageId") SELECT "at", "channel", "id", "platform", "text", "userId", "ts" FROM "Decision";
DROP TABLE "Decision";
ALTER TABLE "new_Decision" RENAME TO "Decision";
CREATE INDEX "Decision_channel_at_idx" ON "Decision"("channel", "at");
CREATE UNIQUE INDEX "Decision_channel_messageId_key" ON "Decision"("channel", "messageId");
CREATE TABLE "new_OpenQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "askedAt" DATETIME NOT NULL,
    "answeredAt" DATETIME,
    "answeredBy" TEXT,
    "proposedAt" DATETIME
);
INSERT INTO "new_OpenQuestion" ("answeredAt", "answeredBy", "askedAt", "channel", "id", "platform", "proposedAt", "text", "userId", "messageId") SELECT "answeredAt", "answeredBy", "askedAt", "channel", "id", "platform", "proposedAt", "text", "userId", "ts" FROM "OpenQuestion";
DROP TABLE "OpenQuestion";
ALTER TABLE "new_OpenQuestion" RENAME TO "OpenQuestion";
CREATE INDEX "OpenQuestion_answeredAt_proposedAt_askedAt_idx" ON "OpenQuestion"("answeredAt", "proposedAt", "askedAt");
CREATE UNIQUE INDEX "OpenQuestion_channel_messageId_key" ON "OpenQuestion"("channel", "messageId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Task_channel_status_idx" ON "Task"("channel", "status");


-- Keys for the columns whose platform is on the row (CardRef's channel and ref were built above).
UPDATE "Thread" SET
  "channel" = "platform" || ':' || "channel",
  "starter" = "platform" || ':' || "starter",
  "lastUser" = "platform" || ':' || "lastUser",
  "participants" = CASE WHEN "participants" = '' THEN ''
    ELSE substr(replace("participants", ',', ',' || "platform" || ':'), 1,
      length(replace("participants", ',', ',' || "platform" || ':')) - length("platform") - 1) END;
UPDATE "Decision" SET "channel" = "platform" || ':' || "channel", "userId" = "platform" || ':' || "userId";
UPDATE "OpenQuestion" SET
  "channel" = "platform" || ':' || "channel",
  "userId" = "platform" || ':' || "userId",
  "answeredBy" = CASE WHEN "answeredBy" IS NULL THEN NULL ELSE "platform" || ':' || "answeredBy" END;
UPDATE "Task" SET
  "channel" = "platform" || ':' || "channel",
  "assignee" = CASE WHEN "assignee" IS NULL THEN NULL ELSE "platform" || ':' || "assignee" END;
UPDATE "Deal" SET
  "channel" = "platform" || ':' || "channel",
  "owner" = CASE WHEN "owner" IS NULL THEN NULL ELSE "platform" || ':' || "owner" END;
UPDATE "RoundupSchedule" SET "channel" = "platform" || ':' || "channel", "setBy" = "platform" || ':' || "setBy";
UPDATE "CalendarFeed" SET
  "channel" = "platform" || ':' || "channel",
  "addedBy" = CASE WHEN "addedBy" = 'configuration' THEN "addedBy" ELSE "platform" || ':' || "addedBy" END;
UPDATE "LlmCall" SET "channel" = "platform" || ':' || "channel";
UPDATE "Vote" SET "userId" = (SELECT "platform" FROM "LedgerEntry" WHERE "LedgerEntry"."id" = "Vote"."entryId") || ':' || "userId";
UPDATE "LedgerEvent" SET "actor" = (SELECT "platform" FROM "LedgerEntry" WHERE "LedgerEntry"."id" = "LedgerEvent"."entryId") || ':' || "actor"
  WHERE "actor" NOT IN ('policy', 'teammate', 'validation', 'shadow mode') AND "actor" NOT LIKE 'detector:%' AND "actor" NOT LIKE 'llm:%';
UPDATE "LedgerEntry" SET
  "channel" = "platform" || ':' || "channel",
  "resultChannel" = CASE WHEN "resultChannel" IS NULL THEN NULL ELSE "platform" || ':' || "resultChannel" END,
  "requestedBy" = CASE WHEN "requestedBy" IS NULL THEN NULL ELSE "platform" || ':' || "requestedBy" END,
  "undoneBy" = CASE WHEN "undoneBy" IS NULL THEN NULL ELSE "platform" || ':' || "undoneBy" END,
  "decidedBy" = CASE WHEN "decidedBy" IS NULL OR "decidedBy" IN ('policy', 'teammate', 'validation', 'shadow mode')
    THEN "decidedBy" ELSE "platform" || ':' || "decidedBy" END;
