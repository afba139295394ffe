-- CreateTable
CREATE TABLE "OscpSignal" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "conditionSince" TIMESTAMP(3),
    "lastSentAt" TIMESTAMP(3),
    "lastBody" JSONB,
    "lastRequestId" TEXT,
    "lastHttpStatus" INTEGER,
    "lastError" TEXT,
    "sentCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OscpSignal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OscpSignal_tenantId_connectionId_idx" ON "OscpSignal"("tenantId", "connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "OscpSignal_connectionId_kind_key" ON "OscpSignal"("connectionId", "kind");

-- AddForeignKey
ALTER TABLE "OscpSignal" ADD CONSTRAINT "OscpSignal_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "OscpConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
