-- CreateTable
CREATE TABLE "ChargerDisplayMessage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "messageId" INTEGER NOT NULL,
    "priority" TEXT NOT NULL,
    "state" TEXT,
    "format" TEXT NOT NULL,
    "language" TEXT,
    "content" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "transactionId" TEXT,
    "display" JSONB,
    "source" TEXT NOT NULL,
    "reportRequestId" INTEGER,
    "setById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChargerDisplayMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisplayMessageReport" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "requestId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "answer" TEXT,
    "filter" JSONB,
    "partCount" INTEGER NOT NULL DEFAULT 0,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "commandId" UUID,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "DisplayMessageReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChargerDisplayMessage_tenantId_idx" ON "ChargerDisplayMessage"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "ChargerDisplayMessage_chargerId_messageId_key" ON "ChargerDisplayMessage"("chargerId", "messageId");

-- CreateIndex
CREATE INDEX "DisplayMessageReport_tenantId_createdAt_idx" ON "DisplayMessageReport"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DisplayMessageReport_chargerId_requestId_key" ON "DisplayMessageReport"("chargerId", "requestId");
