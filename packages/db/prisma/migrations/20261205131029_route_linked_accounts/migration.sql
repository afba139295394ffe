-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "routePaymentId" UUID;

-- CreateTable
CREATE TABLE "VendorLinkedAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "vendorId" UUID,
    "accountId" TEXT NOT NULL,
    "productId" TEXT,
    "status" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VendorLinkedAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VendorLinkedAccount_accountId_key" ON "VendorLinkedAccount"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "VendorLinkedAccount_tenantId_vendorId_key" ON "VendorLinkedAccount"("tenantId", "vendorId");

-- CreateIndex
CREATE INDEX "Payout_routePaymentId_idx" ON "Payout"("routePaymentId");
