-- The seeded demo tenant paid only through the offline test gateway before payments modes existed,
-- the previous migration put every tenant on the platform account, which would leave an existing
-- demo without payments. It stays in test mode, as a newly seeded demo is, unless it ever took a
-- payment through a real gateway.
UPDATE "Tenant" AS t
SET "paymentsMode" = 'TEST_MODE'
WHERE t."slug" = 'demo'
  AND t."paymentsMode" = 'PLATFORM_ACCOUNT'
  AND NOT EXISTS (SELECT 1 FROM "Payment" AS p WHERE p."tenantId" = t."id" AND p."provider" <> 'TEST');
