-- AlterTable
ALTER TABLE "Payout" ALTER COLUMN "amountMinor" SET DATA TYPE BIGINT;
