-- AlterTable
ALTER TABLE "DriverSession" ADD COLUMN     "paymentCheckAt" TIMESTAMP(3),
ADD COLUMN     "paymentCheckedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "DriverSession_status_paymentCheckAt_idx" ON "DriverSession"("status", "paymentCheckAt");
