-- CreateEnum
CREATE TYPE "DriverSessionKind" AS ENUM ('PAID', 'PIN');

-- CreateEnum
CREATE TYPE "DriverSessionStatus" AS ENUM ('AWAITING_PAYMENT', 'STARTING', 'CHARGING', 'START_FAILED', 'PAYMENT_FAILED', 'SETTLED');

-- CreateTable
CREATE TABLE "DriverSession" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "kind" "DriverSessionKind" NOT NULL,
    "status" "DriverSessionStatus" NOT NULL DEFAULT 'AWAITING_PAYMENT',
    "chargerId" UUID NOT NULL,
    "connectorRowId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "connectorId" INTEGER NOT NULL DEFAULT 1,
    "limitMinor" INTEGER,
    "limitWh" INTEGER,
    "email" TEXT,
    "paymentId" UUID,
    "idTokenId" UUID,
    "idTag" TEXT,
    "transactionId" UUID,
    "startRequestedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "stopRequestedAt" TIMESTAMP(3),
    "failureReason" TEXT,
    "costMinor" INTEGER,
    "refundMinor" INTEGER NOT NULL DEFAULT 0,
    "settledAt" TIMESTAMP(3),
    "receiptEmailId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DriverSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DriverSession_tokenHash_key" ON "DriverSession"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "DriverSession_paymentId_key" ON "DriverSession"("paymentId");

-- CreateIndex
CREATE UNIQUE INDEX "DriverSession_transactionId_key" ON "DriverSession"("transactionId");

-- CreateIndex
CREATE INDEX "DriverSession_tenantId_createdAt_idx" ON "DriverSession"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "DriverSession_status_startRequestedAt_idx" ON "DriverSession"("status", "startRequestedAt");

-- CreateIndex
CREATE INDEX "DriverSession_chargerId_evseId_status_idx" ON "DriverSession"("chargerId", "evseId", "status");

-- AddForeignKey
ALTER TABLE "DriverSession" ADD CONSTRAINT "DriverSession_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
