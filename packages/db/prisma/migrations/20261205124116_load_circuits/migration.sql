-- CreateEnum
CREATE TYPE "LoadPolicy" AS ENUM ('EQUAL_SHARE', 'PRIORITY', 'FIRST_COME');

-- CreateTable
CREATE TABLE "LoadCircuit" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "parentId" UUID,
    "name" TEXT NOT NULL,
    "phases" INTEGER NOT NULL DEFAULT 3,
    "phase" INTEGER,
    "voltageV" INTEGER NOT NULL DEFAULT 230,
    "maxCurrentA" DOUBLE PRECISION,
    "maxPowerW" INTEGER,
    "safetyMarginPct" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "policy" "LoadPolicy" NOT NULL DEFAULT 'EQUAL_SHARE',
    "hysteresisA" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoadCircuit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoadCircuitEvse" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "circuitId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "phases" INTEGER NOT NULL DEFAULT 3,
    "minCurrentA" DOUBLE PRECISION NOT NULL DEFAULT 6,
    "maxCurrentA" DOUBLE PRECISION NOT NULL DEFAULT 32,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "lastLimitA" DOUBLE PRECISION,
    "lastLimitW" INTEGER,
    "lastPhases" INTEGER,
    "lastProfileId" UUID,
    "lastSentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoadCircuitEvse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoadCircuit_tenantId_siteId_idx" ON "LoadCircuit"("tenantId", "siteId");

-- CreateIndex
CREATE INDEX "LoadCircuitEvse_tenantId_circuitId_idx" ON "LoadCircuitEvse"("tenantId", "circuitId");

-- CreateIndex
CREATE UNIQUE INDEX "LoadCircuitEvse_chargerId_evseId_key" ON "LoadCircuitEvse"("chargerId", "evseId");

-- AddForeignKey
ALTER TABLE "LoadCircuit" ADD CONSTRAINT "LoadCircuit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "LoadCircuit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoadCircuitEvse" ADD CONSTRAINT "LoadCircuitEvse_circuitId_fkey" FOREIGN KEY ("circuitId") REFERENCES "LoadCircuit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
