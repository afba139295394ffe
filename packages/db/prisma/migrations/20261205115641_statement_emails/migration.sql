-- CreateTable
CREATE TABLE "StatementEmail" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "weekId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "statementId" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "to" TEXT,
    "outboxId" UUID,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatementEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StatementEmail_tenantId_createdAt_idx" ON "StatementEmail"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StatementEmail_weekId_vendorId_key" ON "StatementEmail"("weekId", "vendorId");
