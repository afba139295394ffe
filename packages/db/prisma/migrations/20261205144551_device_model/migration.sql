-- CreateTable
CREATE TABLE "DeviceReport" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "requestId" INTEGER NOT NULL,
    "reportBase" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "answer" TEXT,
    "commandId" UUID,
    "lastSeqNo" INTEGER,
    "partCount" INTEGER NOT NULL DEFAULT 0,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "diff" JSONB,
    "detail" TEXT,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastPartAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "DeviceReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceReportPart" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "seqNo" INTEGER NOT NULL,
    "tbc" BOOLEAN NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "items" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceReportPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceVariable" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "componentInstance" TEXT,
    "evseId" INTEGER,
    "connectorId" INTEGER,
    "variable" TEXT NOT NULL,
    "variableInstance" TEXT,
    "attributes" JSONB NOT NULL,
    "characteristics" JSONB,
    "reportId" UUID NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeviceVariable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceMonitor" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "monitorId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "componentInstance" TEXT,
    "evseId" INTEGER,
    "connectorId" INTEGER,
    "variable" TEXT NOT NULL,
    "variableInstance" TEXT,
    "type" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "severity" INTEGER NOT NULL,
    "transaction" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeviceMonitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceEvent" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "eventId" INTEGER NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "cause" INTEGER,
    "actualValue" TEXT NOT NULL,
    "techCode" TEXT,
    "techInfo" TEXT,
    "cleared" BOOLEAN,
    "transactionId" TEXT,
    "variableMonitoringId" INTEGER,
    "notificationType" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "componentInstance" TEXT,
    "evseId" INTEGER,
    "connectorId" INTEGER,
    "variable" TEXT NOT NULL,
    "variableInstance" TEXT,
    "severity" INTEGER,
    "faultId" UUID,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeviceReport_tenantId_createdAt_idx" ON "DeviceReport"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "DeviceReport_status_lastPartAt_idx" ON "DeviceReport"("status", "lastPartAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceReport_chargerId_kind_requestId_key" ON "DeviceReport"("chargerId", "kind", "requestId");

-- CreateIndex
CREATE INDEX "DeviceReportPart_tenantId_idx" ON "DeviceReportPart"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceReportPart_reportId_seqNo_key" ON "DeviceReportPart"("reportId", "seqNo");

-- CreateIndex
CREATE INDEX "DeviceVariable_tenantId_idx" ON "DeviceVariable"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceVariable_chargerId_key_key" ON "DeviceVariable"("chargerId", "key");

-- CreateIndex
CREATE INDEX "DeviceMonitor_tenantId_idx" ON "DeviceMonitor"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceMonitor_chargerId_monitorId_key" ON "DeviceMonitor"("chargerId", "monitorId");

-- CreateIndex
CREATE INDEX "DeviceEvent_chargerId_timestamp_idx" ON "DeviceEvent"("chargerId", "timestamp");

-- CreateIndex
CREATE INDEX "DeviceEvent_tenantId_receivedAt_idx" ON "DeviceEvent"("tenantId", "receivedAt");
