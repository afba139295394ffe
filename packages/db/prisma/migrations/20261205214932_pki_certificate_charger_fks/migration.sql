-- Rows of chargers deleted before these foreign keys existed are removed first.
DELETE FROM "IssuedCertificate" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");
DELETE FROM "InstalledCertificate" t WHERE NOT EXISTS (SELECT 1 FROM "Charger" c WHERE c."id" = t."chargerId");

-- AddForeignKey
ALTER TABLE "IssuedCertificate" ADD CONSTRAINT "IssuedCertificate_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstalledCertificate" ADD CONSTRAINT "InstalledCertificate_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;
