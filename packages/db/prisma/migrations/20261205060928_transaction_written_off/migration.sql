-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "writtenOffMinor" INTEGER;
