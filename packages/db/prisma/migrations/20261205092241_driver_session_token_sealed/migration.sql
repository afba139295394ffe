-- AlterTable
ALTER TABLE "DriverSession" ADD COLUMN     "tokenSealed" TEXT;
