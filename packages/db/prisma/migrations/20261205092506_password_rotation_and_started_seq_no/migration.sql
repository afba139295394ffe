-- CreateEnum
CREATE TYPE "PasswordRotationStatus" AS ENUM ('SENT', 'ACCEPTED', 'REFUSED', 'COMPLETED');

-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "startedSeqNo" INTEGER;

-- CreateTable
CREATE TABLE "ChargerPasswordRotation" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "status" "PasswordRotationStatus" NOT NULL DEFAULT 'SENT',
    "previousHash" TEXT,
    "newHash" TEXT NOT NULL,
    "commandId" UUID,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ChargerPasswordRotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChargerPasswordRotation_chargerId_createdAt_idx" ON "ChargerPasswordRotation"("chargerId", "createdAt");

-- CreateIndex
CREATE INDEX "ChargerPasswordRotation_tenantId_createdAt_idx" ON "ChargerPasswordRotation"("tenantId", "createdAt");
