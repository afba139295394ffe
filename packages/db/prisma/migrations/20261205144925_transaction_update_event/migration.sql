-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "updateEventAt" TIMESTAMP(3),
ADD COLUMN     "updateEventWh" INTEGER;
