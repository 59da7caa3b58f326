-- CreateTable
CREATE TABLE "PlatformAddress" (
    "platform" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "kind", "key")
);

