-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('PARQUET', 'CSV', 'BOTH');

-- CreateEnum
CREATE TYPE "ExportSchedule" AS ENUM ('HOURLY', 'DAILY');

-- CreateEnum
CREATE TYPE "ExportRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ExportTrigger" AS ENUM ('SCHEDULE', 'MANUAL');

-- CreateTable
CREATE TABLE "ExportDestination" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "endpointUrl" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "accessKeyId" TEXT NOT NULL,
    "secretSealed" JSONB NOT NULL,
    "secretLast4" TEXT NOT NULL,
    "forcePathStyle" BOOLEAN NOT NULL DEFAULT true,
    "format" "ExportFormat" NOT NULL DEFAULT 'PARQUET',
    "schedule" "ExportSchedule" NOT NULL DEFAULT 'DAILY',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "watermarks" JSONB NOT NULL DEFAULT '{}',
    "nextRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportDestination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "destinationId" UUID NOT NULL,
    "trigger" "ExportTrigger" NOT NULL,
    "full" BOOLEAN NOT NULL DEFAULT false,
    "status" "ExportRunStatus" NOT NULL DEFAULT 'QUEUED',
    "requestedById" UUID,
    "datasetsTotal" INTEGER NOT NULL DEFAULT 5,
    "datasetsDone" INTEGER NOT NULL DEFAULT 0,
    "currentDataset" TEXT,
    "rowsTotal" INTEGER,
    "rowsExported" INTEGER NOT NULL DEFAULT 0,
    "manifestKey" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ExportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExportDestination_tenantId_key" ON "ExportDestination"("tenantId");

-- CreateIndex
CREATE INDEX "ExportDestination_enabled_nextRunAt_idx" ON "ExportDestination"("enabled", "nextRunAt");

-- CreateIndex
CREATE INDEX "ExportRun_tenantId_createdAt_idx" ON "ExportRun"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ExportRun_status_createdAt_idx" ON "ExportRun"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "ExportRun" ADD CONSTRAINT "ExportRun_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "ExportDestination"("id") ON DELETE CASCADE ON UPDATE CASCADE;
