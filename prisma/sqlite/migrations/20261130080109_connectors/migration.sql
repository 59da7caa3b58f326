-- AlterTable
ALTER TABLE "Task" ADD COLUMN "labels" TEXT;
ALTER TABLE "Task" ADD COLUMN "milestone" TEXT;
ALTER TABLE "Task" ADD COLUMN "toolAssignees" TEXT;

-- AlterTable
ALTER TABLE "Deal" ADD COLUMN "toolOwner" TEXT;

-- CreateTable
CREATE TABLE "PersonLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tool" TEXT NOT NULL,
    "toolId" TEXT NOT NULL,
    "person" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "linkedBy" TEXT NOT NULL,
    "linkedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PersonLink_person_idx" ON "PersonLink"("person");

-- CreateIndex
CREATE UNIQUE INDEX "PersonLink_tool_toolId_key" ON "PersonLink"("tool", "toolId");

