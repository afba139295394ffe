-- CreateTable
CREATE TABLE "EventLog" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "messageId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "siteId" UUID,
    "chargerId" UUID,
    "vendorId" UUID,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventLog_tenantId_id_idx" ON "EventLog"("tenantId", "id");

-- CreateIndex
CREATE INDEX "EventLog_createdAt_idx" ON "EventLog"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EventLog_tenantId_messageId_key" ON "EventLog"("tenantId", "messageId");

-- The outbox: each event written to the log becomes one delivery per enabled endpoint of its
-- tenant that takes its type (an empty filter takes every type) and its site (a global endpoint
-- takes every site), in the statement that wrote the event.
-- The function body writes its statement terminator as the escape \x3B because the migration
-- runner splits scripts at every semicolon, dollar quotes included
CREATE FUNCTION "event_log_fan_out"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN
    INSERT INTO "WebhookDelivery" (id, "tenantId", "endpointId", "messageId", "eventType", payload, "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), e."tenantId", e.id, NEW."messageId", NEW.type, NEW.payload, NEW."createdAt", NEW."createdAt"
    FROM "WebhookEndpoint" e
    WHERE e."tenantId" = NEW."tenantId" AND e.status = ''ENABLED''
      AND (cardinality(e."eventTypes") = 0 OR NEW.type = ANY(e."eventTypes"))
      AND (e."siteId" IS NULL OR e."siteId" = NEW."siteId")
    ON CONFLICT ("endpointId", "messageId") DO NOTHING\x3B
    RETURN NULL\x3B
  END';

CREATE TRIGGER "EventLog_fan_out" AFTER INSERT ON "EventLog"
  FOR EACH ROW EXECUTE FUNCTION "event_log_fan_out"();
