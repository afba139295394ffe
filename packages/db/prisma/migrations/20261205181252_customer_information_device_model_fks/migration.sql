-- CreateTable
CREATE TABLE "CustomerInformationRequest" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "requestId" INTEGER NOT NULL,
    "idToken" TEXT,
    "idTokenType" TEXT,
    "customerIdentifier" TEXT,
    "customerCertificate" JSONB,
    "report" BOOLEAN NOT NULL,
    "clear" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "answer" TEXT,
    "commandId" UUID,
    "lastSeqNo" INTEGER,
    "partCount" INTEGER NOT NULL DEFAULT 0,
    "data" TEXT,
    "erasureId" UUID,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastPartAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "CustomerInformationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerInformationPart" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "requestRowId" UUID NOT NULL,
    "seqNo" INTEGER NOT NULL,
    "tbc" BOOLEAN NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerInformationPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerDataErasure" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "idToken" TEXT NOT NULL,
    "idTokenType" TEXT NOT NULL,
    "chargerCount" INTEGER NOT NULL,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerDataErasure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerInformationRequest_tenantId_createdAt_idx" ON "CustomerInformationRequest"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "CustomerInformationRequest_erasureId_idx" ON "CustomerInformationRequest"("erasureId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerInformationRequest_chargerId_requestId_key" ON "CustomerInformationRequest"("chargerId", "requestId");

-- CreateIndex
CREATE INDEX "CustomerInformationPart_tenantId_idx" ON "CustomerInformationPart"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerInformationPart_requestRowId_seqNo_key" ON "CustomerInformationPart"("requestRowId", "seqNo");

-- CreateIndex
CREATE INDEX "CustomerDataErasure_tenantId_idToken_idx" ON "CustomerDataErasure"("tenantId", "idToken");

-- AddForeignKey
ALTER TABLE "CustomerInformationRequest" ADD CONSTRAINT "CustomerInformationRequest_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerInformationRequest" ADD CONSTRAINT "CustomerInformationRequest_erasureId_fkey" FOREIGN KEY ("erasureId") REFERENCES "CustomerDataErasure"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerInformationPart" ADD CONSTRAINT "CustomerInformationPart_requestRowId_fkey" FOREIGN KEY ("requestRowId") REFERENCES "CustomerInformationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rows of chargers deleted before these foreign keys existed are removed first.
DELETE FROM "DeviceReport" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");
DELETE FROM "DeviceReportPart" p WHERE NOT EXISTS (SELECT 1 FROM "DeviceReport" r WHERE r."id" = p."reportId");
DELETE FROM "DeviceVariable" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");
DELETE FROM "DeviceMonitor" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");
DELETE FROM "DeviceEvent" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");
DELETE FROM "ChargerDisplayMessage" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");
DELETE FROM "DisplayMessageReport" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");

-- AddForeignKey
ALTER TABLE "DeviceReport" ADD CONSTRAINT "DeviceReport_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceReportPart" ADD CONSTRAINT "DeviceReportPart_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "DeviceReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceVariable" ADD CONSTRAINT "DeviceVariable_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceMonitor" ADD CONSTRAINT "DeviceMonitor_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceEvent" ADD CONSTRAINT "DeviceEvent_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChargerDisplayMessage" ADD CONSTRAINT "ChargerDisplayMessage_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisplayMessageReport" ADD CONSTRAINT "DisplayMessageReport_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;