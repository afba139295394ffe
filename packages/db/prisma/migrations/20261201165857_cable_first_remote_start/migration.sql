-- AlterTable
ALTER TABLE "DriverSession" ADD COLUMN     "chargerTransactionId" TEXT;

-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "authorizedAt" TIMESTAMP(3);
