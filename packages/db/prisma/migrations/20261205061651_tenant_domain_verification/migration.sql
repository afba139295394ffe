-- DropIndex
DROP INDEX "TenantDomain_host_key";

-- DropIndex
DROP INDEX "TenantDomain_tenantId_idx";

-- AlterTable
ALTER TABLE "TenantDomain" ADD COLUMN     "verificationToken" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text, '-'::text, ''::text),
ADD COLUMN     "verifiedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "TenantDomain_host_idx" ON "TenantDomain"("host");

-- CreateIndex
CREATE UNIQUE INDEX "TenantDomain_tenantId_host_key" ON "TenantDomain"("tenantId", "host");

-- CreateIndex
CREATE UNIQUE INDEX "TenantDomain_verified_host_key" ON "TenantDomain"("host") WHERE ("verifiedAt" IS NOT NULL);
