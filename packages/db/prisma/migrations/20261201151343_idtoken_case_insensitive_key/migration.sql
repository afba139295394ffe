-- OCPP compares id tokens case-insensitively (1.6 CiString20Type, 2.0.1 IdTokenType "IdToken is
-- case insensitive"). "tokenKey" is upper(token), computed by PostgreSQL on every write (no writer
-- can forget it), and it is what lookups and uniqueness use. Two existing tokens of a tenant that
-- differ only in case make this migration fail: rename one first.
-- (No semicolons inside comments: the pg driver adapter splits migration scripts on them.)

-- AlterTable
ALTER TABLE "IdToken" ADD COLUMN "tokenKey" TEXT GENERATED ALWAYS AS (upper(token)) STORED;

-- CreateIndex
CREATE UNIQUE INDEX "IdToken_tenantId_tokenKey_key" ON "IdToken"("tenantId", "tokenKey");
