-- AlterTable
ALTER TABLE "LoadCircuit" ADD COLUMN     "fallbackCurrentA" DOUBLE PRECISION;
