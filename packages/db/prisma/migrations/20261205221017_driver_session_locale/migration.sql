-- AlterTable
ALTER TABLE "DriverSession" ADD COLUMN     "locale" VARCHAR(8);
