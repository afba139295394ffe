-- Connector reservations (OCPP 1.6 ReserveNow/CancelReservation, 2.0.1 H01-H04). "heldEvseId" is set
-- only while a reservation is open (PENDING or ACTIVE), so its unique key with "chargerId" allows one
-- open reservation per connector while ended ones (NULL) pile up freely.

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('PENDING', 'ACTIVE', 'REJECTED', 'FAULTED', 'OCCUPIED', 'UNAVAILABLE', 'FAILED', 'CANCELLED', 'EXPIRED', 'USED');

-- CreateTable
CREATE TABLE "Reservation" (
    "id" UUID NOT NULL,
    "ocppId" SERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "chargerId" UUID NOT NULL,
    "evseId" INTEGER NOT NULL,
    "idTokenId" UUID,
    "idTag" TEXT NOT NULL,
    "parentIdTag" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "status" "ReservationStatus" NOT NULL DEFAULT 'PENDING',
    "heldEvseId" INTEGER,
    "note" TEXT,
    "commandId" UUID,
    "createdById" UUID,
    "transactionId" UUID,
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reservation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Reservation_ocppId_key" ON "Reservation"("ocppId");

-- CreateIndex
CREATE INDEX "Reservation_chargerId_createdAt_idx" ON "Reservation"("chargerId", "createdAt");

-- CreateIndex
CREATE INDEX "Reservation_tenantId_status_idx" ON "Reservation"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Reservation_chargerId_heldEvseId_key" ON "Reservation"("chargerId", "heldEvseId");

-- AddForeignKey
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_chargerId_fkey" FOREIGN KEY ("chargerId") REFERENCES "Charger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_idTokenId_fkey" FOREIGN KEY ("idTokenId") REFERENCES "IdToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "Transaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;
