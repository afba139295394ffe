-- CreateEnum
CREATE TYPE "ChargingProfileStatus" AS ENUM ('PENDING', 'ACTIVE', 'REJECTED', 'FAILED', 'CLEARED', 'REPLACED');

-- CreateEnum
CREATE TYPE "ChargingProfilePurpose" AS ENUM ('ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile', 'ChargingStationExternalConstraints');

-- CreateEnum
CREATE TYPE "ChargingProfileKind" AS ENUM ('Absolute', 'Recurring', 'Relative');

-- CreateTable
CREATE TABLE "ChargingProfile" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "ocppProfileId" INTEGER NOT NULL,
    "purpose" "ChargingProfilePurpose" NOT NULL,
    "kind" "ChargingProfileKind" NOT NULL,
    "recurrencyKind" TEXT,
    "stackLevel" INTEGER NOT NULL,
    "validFrom" TIMESTAMP(3),
    "validTo" TIMESTAMP(3),
    "transactionId" TEXT,
    "chargingRateUnit" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "sent" JSONB,
    "response" JSONB,
    "status" "ChargingProfileStatus" NOT NULL DEFAULT 'PENDING',
    "commandId" UUID,
    "clearCommandId" UUID,
    "replacedById" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ChargingProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportedChargingProfile" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "requestId" INTEGER NOT NULL,
    "evseId" INTEGER NOT NULL,
    "chargingLimitSource" TEXT NOT NULL,
    "profile" JSONB NOT NULL,
    "last" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportedChargingProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompositeSchedule" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "scheduleStart" TIMESTAMP(3),
    "duration" INTEGER,
    "chargingRateUnit" TEXT,
    "periods" JSONB,
    "commandId" UUID,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompositeSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChargingProfile_chargerId_status_idx" ON "ChargingProfile"("chargerId", "status");

-- CreateIndex
CREATE INDEX "ChargingProfile_chargerId_ocppProfileId_idx" ON "ChargingProfile"("chargerId", "ocppProfileId");

-- CreateIndex
CREATE INDEX "ChargingProfile_tenantId_createdAt_idx" ON "ChargingProfile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ReportedChargingProfile_chargerId_requestId_idx" ON "ReportedChargingProfile"("chargerId", "requestId");

-- CreateIndex
CREATE INDEX "CompositeSchedule_chargerId_fetchedAt_idx" ON "CompositeSchedule"("chargerId", "fetchedAt");

-- AddForeignKey
ALTER TABLE "ChargingProfile" ADD CONSTRAINT "ChargingProfile_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportedChargingProfile" ADD CONSTRAINT "ReportedChargingProfile_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompositeSchedule" ADD CONSTRAINT "CompositeSchedule_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
