-- Platform-keyed identities: channels and people become `<platform>:<id>` keys, message fields lose Slack's names
-- (ts → messageId or root, threadTs → thread). Columns whose platform is on the row are converted here; the JSON
-- columns and the rows without a platform (admins, groups, policy rows, channel settings) are converted by the data
-- step src/store/data-migrations/platform-keys.ts, which Teammate runs in the same transaction.

-- Renames keep the data.
ALTER TABLE "LedgerEntry" RENAME COLUMN "threadTs" TO "thread";
ALTER TABLE "LedgerEntry" RENAME COLUMN "resultTs" TO "resultMessageId";
ALTER TABLE "CardRef" RENAME COLUMN "threadTs" TO "thread";
ALTER TABLE "Thread" RENAME COLUMN "ts" TO "root";
ALTER TABLE "Decision" RENAME COLUMN "ts" TO "messageId";
ALTER TABLE "OpenQuestion" RENAME COLUMN "ts" TO "messageId";

-- Indexes by channel key (the key carries the platform).
DROP INDEX "LedgerEntry_platform_channel_threadTs_idx";
DROP INDEX "LedgerEntry_platform_resultChannel_resultTs_idx";
DROP INDEX "Task_platform_channel_status_idx";
DROP INDEX "Thread_platform_channel_lastAt_idx";
DROP INDEX "Thread_platform_channel_ts_key";
DROP INDEX "Decision_platform_channel_at_idx";
DROP INDEX "Decision_platform_channel_ts_key";
DROP INDEX "OpenQuestion_platform_channel_ts_key";

-- CardRef keeps the adapter's whole message reference.
ALTER TABLE "CardRef" ADD COLUMN "ref" TEXT;
UPDATE "CardRef" SET
  "ref" = json_strip_nulls(json_build_object('platform', "platform", 'conversation', "platform" || ':' || "channel",
    'id', "messageId", 'thread', "thread"))::text,
  "channel" = "platform" || ':' || "channel";
ALTER TABLE "CardRef" ALTER COLUMN "ref" SET NOT NULL;

-- Keys for the columns whose platform is on the row.
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

CREATE INDEX "LedgerEntry_channel_thread_idx" ON "LedgerEntry"("channel", "thread");
CREATE INDEX "LedgerEntry_resultChannel_resultMessageId_idx" ON "LedgerEntry"("resultChannel", "resultMessageId");
CREATE INDEX "Task_channel_status_idx" ON "Task"("channel", "status");
CREATE INDEX "Thread_channel_lastAt_idx" ON "Thread"("channel", "lastAt");
CREATE UNIQUE INDEX "Thread_channel_root_key" ON "Thread"("channel", "root");
CREATE INDEX "Decision_channel_at_idx" ON "Decision"("channel", "at");
CREATE UNIQUE INDEX "Decision_channel_messageId_key" ON "Decision"("channel", "messageId");
CREATE UNIQUE INDEX "OpenQuestion_channel_messageId_key" ON "OpenQuestion"("channel", "messageId");
