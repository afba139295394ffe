-- CreateEnum
CREATE TYPE "ChargerOrigin" AS ENUM ('OPERATOR', 'IMPORT', 'SELF_REGISTERED', 'DEMO_SEED');

-- DropIndex
DROP INDEX "Charger_identity_key";

-- AlterTable
ALTER TABLE "Charger" ADD COLUMN     "origin" "ChargerOrigin" NOT NULL DEFAULT 'OPERATOR';

-- CreateIndex
CREATE INDEX "Charger_identity_idx" ON "Charger"("identity");

-- CreateIndex
CREATE UNIQUE INDEX "Charger_tenantId_identity_key" ON "Charger"("tenantId", "identity");
