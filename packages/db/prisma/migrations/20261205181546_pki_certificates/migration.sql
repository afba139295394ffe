-- CreateTable
CREATE TABLE "CertificateAuthority" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "rootCertificatePem" TEXT NOT NULL,
    "issuingCertificatePem" TEXT NOT NULL,
    "sealedKeys" JSONB NOT NULL,
    "rootNotAfter" TIMESTAMP(3) NOT NULL,
    "issuingNotAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateAuthority_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IssuedCertificate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "certificateType" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "commonName" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "certificatePem" TEXT NOT NULL,
    "csrPem" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SENDING',
    "answer" TEXT,
    "commandId" UUID,
    "renewalRequestedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IssuedCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstalledCertificate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "certificateType" TEXT NOT NULL,
    "hashAlgorithm" TEXT NOT NULL,
    "issuerNameHash" TEXT NOT NULL,
    "issuerKeyHash" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "children" JSONB,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstalledCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CertificateAuthority_tenantId_key" ON "CertificateAuthority"("tenantId");

-- CreateIndex
CREATE INDEX "IssuedCertificate_chargerId_certificateType_createdAt_idx" ON "IssuedCertificate"("chargerId", "certificateType", "createdAt");

-- CreateIndex
CREATE INDEX "IssuedCertificate_status_notAfter_idx" ON "IssuedCertificate"("status", "notAfter");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedCertificate_tenantId_serialNumber_key" ON "IssuedCertificate"("tenantId", "serialNumber");

-- CreateIndex
CREATE INDEX "InstalledCertificate_tenantId_idx" ON "InstalledCertificate"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "InstalledCertificate_chargerId_certificateType_issuerNameHa_key" ON "InstalledCertificate"("chargerId", "certificateType", "issuerNameHash", "issuerKeyHash", "serialNumber");
