-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "lastSubmitError" TEXT,
ADD COLUMN     "submitAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "submittedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PayoutRailAccount" (
    "tenantId" UUID NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'RAZORPAYX',
    "keyId" TEXT NOT NULL,
    "secretLast4" TEXT NOT NULL,
    "accountNumberLast4" TEXT NOT NULL,
    "sealed" JSONB NOT NULL,
    "kekId" TEXT NOT NULL,
    "lastTestedAt" TIMESTAMP(3),
    "lastTestOk" BOOLEAN,
    "lastTestMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayoutRailAccount_pkey" PRIMARY KEY ("tenantId")
);
