-- CreateIndex
CREATE INDEX "Transaction_pricedAt_idx" ON "Transaction"("pricedAt") WHERE ("supersededById" IS NOT NULL);
