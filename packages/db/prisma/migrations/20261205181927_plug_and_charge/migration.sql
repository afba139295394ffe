-- CreateEnum
CREATE TYPE "ContractCertificateProviderKind" AS ENUM ('NONE', 'TEST', 'HUBJECT');

-- CreateTable
CREATE TABLE "ContractTrustAnchor" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "isRoot" BOOLEAN NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractTrustAnchor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlugAndChargeSettings" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "provider" "ContractCertificateProviderKind" NOT NULL DEFAULT 'NONE',
    "hubjectBaseUrl" TEXT,
    "hubjectTokenUrl" TEXT,
    "hubjectClientId" TEXT,
    "hubjectSecretSealed" JSONB,
    "hubjectSecretLast4" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlugAndChargeSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OcspResponseCache" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "certKey" TEXT NOT NULL,
    "responderUrl" TEXT NOT NULL,
    "der" BYTEA NOT NULL,
    "status" TEXT NOT NULL,
    "thisUpdate" TIMESTAMP(3) NOT NULL,
    "nextUpdate" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OcspResponseCache_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContractTrustAnchor_tenantId_fingerprint_key" ON "ContractTrustAnchor"("tenantId", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "PlugAndChargeSettings_tenantId_key" ON "PlugAndChargeSettings"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "OcspResponseCache_tenantId_certKey_key" ON "OcspResponseCache"("tenantId", "certKey");
