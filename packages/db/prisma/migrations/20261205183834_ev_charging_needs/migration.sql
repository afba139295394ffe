-- CreateTable
CREATE TABLE "EvChargingNeeds" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "requestedEnergyTransfer" TEXT NOT NULL,
    "departureTime" TIMESTAMP(3),
    "maxScheduleTuples" INTEGER,
    "evMinCurrentA" DOUBLE PRECISION,
    "evMaxCurrentA" DOUBLE PRECISION,
    "energyAmountWh" DOUBLE PRECISION,
    "needs" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvChargingNeeds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvChargingSchedule" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "timeBase" TIMESTAMP(3) NOT NULL,
    "schedule" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvChargingSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalChargingLimit" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "chargingLimitSource" TEXT NOT NULL,
    "isGridCritical" BOOLEAN,
    "limitA" DOUBLE PRECISION,
    "limitW" INTEGER,
    "schedule" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalChargingLimit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EvChargingNeeds_tenantId_chargerId_idx" ON "EvChargingNeeds"("tenantId", "chargerId");

-- CreateIndex
CREATE UNIQUE INDEX "EvChargingNeeds_chargerId_evseId_key" ON "EvChargingNeeds"("chargerId", "evseId");

-- CreateIndex
CREATE INDEX "EvChargingSchedule_tenantId_chargerId_idx" ON "EvChargingSchedule"("tenantId", "chargerId");

-- CreateIndex
CREATE UNIQUE INDEX "EvChargingSchedule_chargerId_evseId_key" ON "EvChargingSchedule"("chargerId", "evseId");

-- CreateIndex
CREATE INDEX "ExternalChargingLimit_tenantId_chargerId_idx" ON "ExternalChargingLimit"("tenantId", "chargerId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalChargingLimit_chargerId_evseId_chargingLimitSource_key" ON "ExternalChargingLimit"("chargerId", "evseId", "chargingLimitSource");
