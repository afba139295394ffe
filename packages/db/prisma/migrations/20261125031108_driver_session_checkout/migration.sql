-- AlterTable
ALTER TABLE "DriverSession" ADD COLUMN     "checkout" JSONB,
ADD COLUMN     "remoteStartId" INTEGER;
