-- CreateEnum
CREATE TYPE "PaymentsMode" AS ENUM ('OWN_ACCOUNTS', 'PLATFORM_ACCOUNT', 'TEST_MODE', 'NONE');

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "paymentAccountId" UUID;

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "paymentsMode" "PaymentsMode" NOT NULL DEFAULT 'NONE';

-- CreateTable
CREATE TABLE "PaymentAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "provider" "PaymentProvider" NOT NULL,
    "label" TEXT NOT NULL,
    "publicId" TEXT NOT NULL,
    "secretLast4" TEXT NOT NULL,
    "sealed" JSONB NOT NULL,
    "kekId" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'production',
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "siteId" UUID,
    "disabledAt" TIMESTAMP(3),
    "lastTestedAt" TIMESTAMP(3),
    "lastTestOk" BOOLEAN,
    "lastTestMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PaymentAccount_tenantId_idx" ON "PaymentAccount"("tenantId");

-- AddForeignKey
ALTER TABLE "PaymentAccount" ADD CONSTRAINT "PaymentAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_paymentAccountId_fkey" FOREIGN KEY ("paymentAccountId") REFERENCES "PaymentAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Tenants that existed before accounts were per tenant paid through the platform's keys from the
-- environment, and keep doing so until an admin chooses otherwise. New tenants start with NONE.
UPDATE "Tenant" SET "paymentsMode" = 'PLATFORM_ACCOUNT';
