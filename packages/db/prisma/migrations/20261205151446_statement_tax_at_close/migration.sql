-- AlterTable
ALTER TABLE "SettlementStatement" ADD COLUMN     "pan" TEXT,
ADD COLUMN     "panValid" BOOLEAN,
ADD COLUMN     "tcsRateBps" INTEGER,
ADD COLUMN     "tdsRateBps" INTEGER;
