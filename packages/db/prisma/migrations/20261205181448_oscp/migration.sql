-- CreateEnum
CREATE TYPE "OscpVersion" AS ENUM ('V1_0', 'V2_0');

-- CreateEnum
CREATE TYPE "OscpStatus" AS ENUM ('PENDING', 'REGISTERED', 'CONNECTED', 'FAILED');

-- CreateTable
CREATE TABLE "OscpConnection" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" "OscpVersion" NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "inboundTokenHash" TEXT,
    "outboundTokenSealed" JSONB NOT NULL,
    "outboundTokenLast4" TEXT NOT NULL,
    "status" "OscpStatus" NOT NULL DEFAULT 'PENDING',
    "registeredAt" TIMESTAMP(3),
    "handshakeAt" TIMESTAMP(3),
    "heartbeatIntervalS" INTEGER NOT NULL DEFAULT 60,
    "lastHeartbeatSentAt" TIMESTAMP(3),
    "lastHeartbeatReceivedAt" TIMESTAMP(3),
    "peerOfflineAt" TIMESTAMP(3),
    "measurementIntervalS" INTEGER NOT NULL DEFAULT 900,
    "lastMeasurementAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OscpConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OscpForecast" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "groupId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "blocks" JSONB NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "requestId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OscpForecast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OscpMeasurement" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "fromAt" TIMESTAMP(3) NOT NULL,
    "toAt" TIMESTAMP(3) NOT NULL,
    "energyWh" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OscpMeasurement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OscpConnection_inboundTokenHash_key" ON "OscpConnection"("inboundTokenHash");

-- CreateIndex
CREATE INDEX "OscpConnection_tenantId_siteId_idx" ON "OscpConnection"("tenantId", "siteId");

-- CreateIndex
CREATE UNIQUE INDEX "OscpConnection_tenantId_groupId_key" ON "OscpConnection"("tenantId", "groupId");

-- CreateIndex
CREATE INDEX "OscpForecast_tenantId_connectionId_receivedAt_idx" ON "OscpForecast"("tenantId", "connectionId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OscpForecast_connectionId_requestId_key" ON "OscpForecast"("connectionId", "requestId");

-- CreateIndex
CREATE INDEX "OscpMeasurement_tenantId_connectionId_sentAt_idx" ON "OscpMeasurement"("tenantId", "connectionId", "sentAt");

-- AddForeignKey
ALTER TABLE "OscpForecast" ADD CONSTRAINT "OscpForecast_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "OscpConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OscpMeasurement" ADD CONSTRAINT "OscpMeasurement_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "OscpConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
