-- AlterTable
ALTER TABLE "DriverSession" ADD COLUMN     "adjustedAt" TIMESTAMP(3),
ADD COLUMN     "adjustmentMinor" INTEGER;
