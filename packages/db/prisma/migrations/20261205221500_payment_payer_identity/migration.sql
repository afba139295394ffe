-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "payerPhoneLookup" TEXT,
ADD COLUMN     "payerPhoneMasked" TEXT,
ADD COLUMN     "payerVpaLookup" TEXT,
ADD COLUMN     "payerVpaMasked" TEXT;

-- CreateIndex
CREATE INDEX "Payment_tenantId_payerVpaLookup_idx" ON "Payment"("tenantId", "payerVpaLookup");

-- CreateIndex
CREATE INDEX "Payment_tenantId_payerPhoneLookup_idx" ON "Payment"("tenantId", "payerPhoneLookup");
