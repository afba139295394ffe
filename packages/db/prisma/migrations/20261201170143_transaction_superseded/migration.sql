-- AlterTable
ALTER TABLE "Transaction" ADD COLUMN     "supersededById" UUID;
