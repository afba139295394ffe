-- CreateTable
CREATE TABLE "ChargerLocalList" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "sentVersion" INTEGER NOT NULL DEFAULT 0,
    "acceptedVersion" INTEGER,
    "entries" JSONB NOT NULL DEFAULT '[]',
    "reportedVersion" INTEGER,
    "reportedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChargerLocalList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalListSend" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "mode" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "parts" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "commandIds" UUID[],
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LocalListSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChargerLocalList_chargerId_key" ON "ChargerLocalList"("chargerId");

-- CreateIndex
CREATE INDEX "ChargerLocalList_tenantId_idx" ON "ChargerLocalList"("tenantId");

-- CreateIndex
CREATE INDEX "LocalListSend_chargerId_createdAt_idx" ON "LocalListSend"("chargerId", "createdAt");

-- CreateIndex
CREATE INDEX "LocalListSend_tenantId_createdAt_idx" ON "LocalListSend"("tenantId", "createdAt");
