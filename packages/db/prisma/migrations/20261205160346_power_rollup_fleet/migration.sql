-- CreateTable
CREATE TABLE "PowerRollupFleet" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "vendorId" UUID,
    "bucket" TIMESTAMP(3) NOT NULL,
    "energyWs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PowerRollupFleet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PowerRollupFleet_tenantId_bucket_idx" ON "PowerRollupFleet"("tenantId", "bucket");
