-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "labels" TEXT,
ADD COLUMN     "milestone" TEXT,
ADD COLUMN     "toolAssignees" TEXT;

-- AlterTable
ALTER TABLE "Deal" ADD COLUMN     "toolOwner" TEXT;

-- CreateTable
CREATE TABLE "PersonLink" (
    "id" SERIAL NOT NULL,
    "tool" TEXT NOT NULL,
    "toolId" TEXT NOT NULL,
    "person" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "linkedBy" TEXT NOT NULL,
    "linkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PersonLink_person_idx" ON "PersonLink"("person");

-- CreateIndex
CREATE UNIQUE INDEX "PersonLink_tool_toolId_key" ON "PersonLink"("tool", "toolId");

