-- CreateTable
CREATE TABLE "FaultSubscription" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "vendorId" UUID,
    "allSites" BOOLEAN NOT NULL DEFAULT true,
    "siteIds" UUID[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaultSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaultNotice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "faultId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FaultNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FaultSubscription_tenantId_userId_key" ON "FaultSubscription"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "FaultNotice_userId_chargerId_evseId_sentAt_idx" ON "FaultNotice"("userId", "chargerId", "evseId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "FaultNotice_userId_faultId_key" ON "FaultNotice"("userId", "faultId");
