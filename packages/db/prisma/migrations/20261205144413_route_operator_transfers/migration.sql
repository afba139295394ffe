-- AlterTable
ALTER TABLE "Payout" ALTER COLUMN "vendorId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "PayoutRun" ADD COLUMN     "shortfalls" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "RouteTransferReversal" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "payoutId" UUID NOT NULL,
    "refundId" UUID NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "providerReversalId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RouteTransferReversal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RouteTransferReversal_tenantId_status_idx" ON "RouteTransferReversal"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RouteTransferReversal_payoutId_refundId_key" ON "RouteTransferReversal"("payoutId", "refundId");
