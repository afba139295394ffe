-- CreateTable
CREATE TABLE "SecurityEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "vendorId" UUID,
    "type" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "techInfo" TEXT,
    "critical" BOOLEAN NOT NULL,
    "faultId" UUID,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecurityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecurityEvent_chargerId_timestamp_idx" ON "SecurityEvent"("chargerId", "timestamp");

-- CreateIndex
CREATE INDEX "SecurityEvent_tenantId_receivedAt_idx" ON "SecurityEvent"("tenantId", "receivedAt");

-- AddForeignKey
ALTER TABLE "SecurityEvent" ADD CONSTRAINT "SecurityEvent_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
