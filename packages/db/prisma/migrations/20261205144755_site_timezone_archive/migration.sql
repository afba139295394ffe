-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'Asia/Kolkata';

-- CreateIndex
CREATE INDEX "Site_tenantId_name_idx" ON "Site"("tenantId", "name");

-- Existing sites take their tenant's time zone (the column's default is only for rows written without one).
UPDATE "Site" s SET "timezone" = t."timezone" FROM "Tenant" t WHERE t."id" = s."tenantId";
