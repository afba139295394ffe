-- CreateEnum
CREATE TYPE "GatewayFeeBearer" AS ENUM ('OPERATOR', 'VENDOR', 'SHARED');

-- CreateEnum
CREATE TYPE "SettlementWeekStatus" AS ENUM ('OPEN', 'CLOSING', 'CLOSED');

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "vendorId" UUID,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JournalEntry" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "vendorId" UUID,
    "siteId" UUID,
    "transactionId" UUID,
    "energyWh" INTEGER NOT NULL DEFAULT 0,
    "sessions" INTEGER NOT NULL DEFAULT 0,
    "splitTermsId" UUID,
    "currency" CHAR(3) NOT NULL DEFAULT 'INR',
    "memo" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "bookedAt" TIMESTAMP(3) NOT NULL,
    "postedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JournalEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JournalLine" (
    "id" BIGSERIAL NOT NULL,
    "entryId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,

    CONSTRAINT "JournalLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SplitTerms" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "siteId" UUID,
    "version" INTEGER NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "vendorShareBps" INTEGER NOT NULL DEFAULT 0,
    "vendorPerKwhMinor" INTEGER NOT NULL DEFAULT 0,
    "platformFeeBps" INTEGER NOT NULL DEFAULT 0,
    "platformFeeFixedMinor" INTEGER NOT NULL DEFAULT 0,
    "gatewayFeeBearer" "GatewayFeeBearer" NOT NULL DEFAULT 'OPERATOR',
    "sponsorShared" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SplitTerms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaxRateSetting" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "rateCentiBps" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaxRateSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementConfig" (
    "tenantId" UUID NOT NULL,
    "cutoffWeekday" INTEGER NOT NULL DEFAULT 1,
    "cutoffMinute" INTEGER NOT NULL DEFAULT 0,
    "tcsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "payoutRail" TEXT NOT NULL DEFAULT 'OFFLINE',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SettlementConfig_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "SettlementWeek" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "weekStart" TIMESTAMP(3) NOT NULL,
    "weekEnd" TIMESTAMP(3) NOT NULL,
    "status" "SettlementWeekStatus" NOT NULL DEFAULT 'OPEN',
    "closedAt" TIMESTAMP(3),
    "closedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SettlementWeek_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SettlementStatement" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "weekId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "siteKey" TEXT NOT NULL DEFAULT '',
    "sessions" INTEGER NOT NULL DEFAULT 0,
    "energyWh" BIGINT NOT NULL DEFAULT 0,
    "grossMinor" INTEGER NOT NULL DEFAULT 0,
    "gstMinor" INTEGER NOT NULL DEFAULT 0,
    "gatewayFeeMinor" INTEGER NOT NULL DEFAULT 0,
    "platformFeeMinor" INTEGER NOT NULL DEFAULT 0,
    "vendorShareMinor" INTEGER NOT NULL DEFAULT 0,
    "tdsMinor" INTEGER NOT NULL DEFAULT 0,
    "tcsMinor" INTEGER NOT NULL DEFAULT 0,
    "refundsMinor" INTEGER NOT NULL DEFAULT 0,
    "adjustmentsMinor" INTEGER NOT NULL DEFAULT 0,
    "weekNetMinor" INTEGER NOT NULL DEFAULT 0,
    "openingMinor" INTEGER NOT NULL DEFAULT 0,
    "netPayableMinor" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SettlementStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VendorFundAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "accountName" TEXT,
    "accountNumber" TEXT,
    "ifsc" VARCHAR(11),
    "vpa" TEXT,
    "providerContactId" TEXT,
    "providerFundAccountId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VendorFundAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "weekId" UUID,
    "rail" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'CREATED',
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayoutRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payout" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "vendorId" UUID NOT NULL,
    "fundAccountId" UUID,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'INR',
    "rail" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "providerPayoutId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'CREATED',
    "utr" TEXT,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "payoutId" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "utr" TEXT,
    "reason" TEXT,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayoutEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LedgerAccount_tenantId_kind_idx" ON "LedgerAccount"("tenantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_tenantId_code_key" ON "LedgerAccount"("tenantId", "code");

-- CreateIndex
CREATE INDEX "JournalEntry_tenantId_bookedAt_idx" ON "JournalEntry"("tenantId", "bookedAt");

-- CreateIndex
CREATE INDEX "JournalEntry_tenantId_vendorId_bookedAt_idx" ON "JournalEntry"("tenantId", "vendorId", "bookedAt");

-- CreateIndex
CREATE INDEX "JournalEntry_transactionId_idx" ON "JournalEntry"("transactionId");

-- CreateIndex
CREATE UNIQUE INDEX "JournalEntry_tenantId_sourceKind_sourceId_purpose_key" ON "JournalEntry"("tenantId", "sourceKind", "sourceId", "purpose");

-- CreateIndex
CREATE INDEX "JournalLine_entryId_idx" ON "JournalLine"("entryId");

-- CreateIndex
CREATE INDEX "JournalLine_accountId_idx" ON "JournalLine"("accountId");

-- CreateIndex
CREATE INDEX "JournalLine_tenantId_kind_idx" ON "JournalLine"("tenantId", "kind");

-- CreateIndex
CREATE INDEX "SplitTerms_tenantId_vendorId_effectiveFrom_idx" ON "SplitTerms"("tenantId", "vendorId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "SplitTerms_tenantId_vendorId_siteId_version_key" ON "SplitTerms"("tenantId", "vendorId", "siteId", "version");

-- CreateIndex
CREATE INDEX "TaxRateSetting_tenantId_kind_effectiveFrom_idx" ON "TaxRateSetting"("tenantId", "kind", "effectiveFrom");

-- CreateIndex
CREATE INDEX "SettlementWeek_tenantId_status_weekEnd_idx" ON "SettlementWeek"("tenantId", "status", "weekEnd");

-- CreateIndex
CREATE UNIQUE INDEX "SettlementWeek_tenantId_weekStart_key" ON "SettlementWeek"("tenantId", "weekStart");

-- CreateIndex
CREATE INDEX "SettlementStatement_tenantId_vendorId_idx" ON "SettlementStatement"("tenantId", "vendorId");

-- CreateIndex
CREATE UNIQUE INDEX "SettlementStatement_weekId_vendorId_siteKey_key" ON "SettlementStatement"("weekId", "vendorId", "siteKey");

-- CreateIndex
CREATE INDEX "VendorFundAccount_tenantId_vendorId_idx" ON "VendorFundAccount"("tenantId", "vendorId");

-- CreateIndex
CREATE INDEX "PayoutRun_tenantId_createdAt_idx" ON "PayoutRun"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRun_tenantId_weekId_rail_key" ON "PayoutRun"("tenantId", "weekId", "rail");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_idempotencyKey_key" ON "Payout"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Payout_tenantId_vendorId_createdAt_idx" ON "Payout"("tenantId", "vendorId", "createdAt");

-- CreateIndex
CREATE INDEX "Payout_providerPayoutId_idx" ON "Payout"("providerPayoutId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutEvent_payoutId_status_key" ON "PayoutEvent"("payoutId", "status");

-- AddForeignKey
ALTER TABLE "JournalLine" ADD CONSTRAINT "JournalLine_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "JournalEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JournalLine" ADD CONSTRAINT "JournalLine_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SettlementStatement" ADD CONSTRAINT "SettlementStatement_weekId_fkey" FOREIGN KEY ("weekId") REFERENCES "SettlementWeek"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PayoutRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PayoutEvent" ADD CONSTRAINT "PayoutEvent_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The ledger is append-only: a correction is a new entry, never an edit or a deletion.
-- The function body writes its statement terminator as the escape \x3B because the migration
-- runner splits scripts at every semicolon, dollar quotes included
CREATE FUNCTION "ledger_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''the ledger is append-only: % on % refused'', TG_OP, TG_TABLE_NAME USING ERRCODE = ''check_violation''\x3B END';

CREATE TRIGGER "JournalEntry_append_only" BEFORE UPDATE OR DELETE ON "JournalEntry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_append_only"();

CREATE TRIGGER "JournalLine_append_only" BEFORE UPDATE OR DELETE ON "JournalLine"
  FOR EACH ROW EXECUTE FUNCTION "ledger_append_only"();
