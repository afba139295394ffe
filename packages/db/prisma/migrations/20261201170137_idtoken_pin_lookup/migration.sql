-- A PIN attempt used to verify the PIN against every PIN token of the tenant with scrypt (up to 500
-- per request). "pinLookup" is an HMAC of the PIN under a server-side key, so the lookup finds the one
-- token it can be, and only that one is verified. Existing PIN tokens cannot be backfilled (the PIN is
-- not known, only its scrypt hash): until their PIN is set again (setDriverPin) they are not accepted.
-- The unique index keeps two PIN tokens of one tenant from sharing a PIN.
-- (No semicolons inside comments: the pg driver adapter splits migration scripts on them.)

-- AlterTable
ALTER TABLE "IdToken" ADD COLUMN     "pinLookup" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "IdToken_tenantId_pinLookup_key" ON "IdToken"("tenantId", "pinLookup");
