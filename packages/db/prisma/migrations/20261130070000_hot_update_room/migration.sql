-- The rows a charger's messages update all day (its Charger row on every connect and heartbeat
-- flush, its Connector on every status and meter reading, a running Transaction on every reading)
-- leave room on their page for the new version, so PostgreSQL can update them in place (HOT)
-- without touching any index. Prisma's schema does not describe storage parameters, so a diff
-- against the schema ignores them.
ALTER TABLE "Charger" SET (fillfactor = 70);
ALTER TABLE "Connector" SET (fillfactor = 70);
ALTER TABLE "Transaction" SET (fillfactor = 85);
