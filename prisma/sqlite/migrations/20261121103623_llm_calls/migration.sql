-- CreateTable
CREATE TABLE "LlmCall" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "LlmCall_at_idx" ON "LlmCall"("at");

-- CreateIndex
CREATE INDEX "LlmCall_channel_at_idx" ON "LlmCall"("channel", "at");

