-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "actorClientId" TEXT;

-- AlterTable
ALTER TABLE "Fault" ADD COLUMN     "acknowledgedByClientId" TEXT;
