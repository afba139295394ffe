-- CreateTable
CREATE TABLE "FirmwareImage" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'UPLOADING',
    "problem" TEXT,
    "sizeBytes" INTEGER,
    "sha256" TEXT,
    "signature" TEXT,
    "signingCertificate" TEXT,
    "storageKey" TEXT NOT NULL,
    "uploadedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readyAt" TIMESTAMP(3),

    CONSTRAINT "FirmwareImage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FirmwareRequest" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "requestId" INTEGER NOT NULL,
    "imageId" UUID,
    "location" TEXT NOT NULL,
    "retrieveAt" TIMESTAMP(3) NOT NULL,
    "installAt" TIMESTAMP(3),
    "retries" INTEGER,
    "retryInterval" INTEGER,
    "signed" BOOLEAN NOT NULL DEFAULT false,
    "answer" TEXT,
    "status" TEXT,
    "finishedAt" TIMESTAMP(3),
    "unpublishedAt" TIMESTAMP(3),
    "commandId" UUID,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FirmwareRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FirmwareStatusEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "firmwareRequestId" UUID,
    "requestId" INTEGER,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FirmwareStatusEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChargerLogRequest" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "logType" TEXT NOT NULL,
    "requestId" INTEGER NOT NULL,
    "answer" TEXT,
    "chargerFileName" TEXT,
    "status" TEXT,
    "fileKey" TEXT,
    "fileName" TEXT,
    "fileSize" INTEGER,
    "contentType" TEXT,
    "uploadedAt" TIMESTAMP(3),
    "commandId" UUID,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChargerLogRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LogStatusEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "logRequestId" UUID,
    "requestId" INTEGER,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LogStatusEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FirmwareImage_tenantId_createdAt_idx" ON "FirmwareImage"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "FirmwareRequest_tenantId_chargerId_createdAt_idx" ON "FirmwareRequest"("tenantId", "chargerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FirmwareRequest_chargerId_requestId_key" ON "FirmwareRequest"("chargerId", "requestId");

-- CreateIndex
CREATE INDEX "FirmwareStatusEvent_chargerId_receivedAt_idx" ON "FirmwareStatusEvent"("chargerId", "receivedAt");

-- CreateIndex
CREATE INDEX "FirmwareStatusEvent_tenantId_idx" ON "FirmwareStatusEvent"("tenantId");

-- CreateIndex
CREATE INDEX "ChargerLogRequest_tenantId_chargerId_createdAt_idx" ON "ChargerLogRequest"("tenantId", "chargerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChargerLogRequest_chargerId_requestId_key" ON "ChargerLogRequest"("chargerId", "requestId");

-- CreateIndex
CREATE INDEX "LogStatusEvent_chargerId_receivedAt_idx" ON "LogStatusEvent"("chargerId", "receivedAt");

-- CreateIndex
CREATE INDEX "LogStatusEvent_tenantId_idx" ON "LogStatusEvent"("tenantId");
