-- CreateIndex
CREATE INDEX "Transaction_chargerId_status_idx" ON "Transaction"("chargerId", "status");
