-- A FAILED reservation whose ReserveNow reached the charger but got no answer may still be held by
-- the charger: the relay sends a follow-up CancelReservation (bounded attempts).
ALTER TABLE "Reservation" ADD COLUMN     "cancelAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cancelDueAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Reservation_status_createdAt_idx" ON "Reservation"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Reservation_cancelDueAt_idx" ON "Reservation"("cancelDueAt");
