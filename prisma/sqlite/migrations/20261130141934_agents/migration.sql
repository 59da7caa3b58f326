-- CreateTable
CREATE TABLE "Agent" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "channel" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "revokedBy" TEXT,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_tokenHash_key" ON "Agent"("tokenHash");

