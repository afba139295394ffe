-- CreateTable
CREATE TABLE "PowerRollup" (
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "energyWs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PowerRollup_pkey" PRIMARY KEY ("chargerId","evseId","bucket")
);

-- CreateTable
CREATE TABLE "PowerRollupState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "sampleId" BIGINT NOT NULL,
    "doneUntil" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PowerRollupState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PowerRollup_tenantId_bucket_idx" ON "PowerRollup"("tenantId", "bucket");
