-- CreateTable
CREATE TABLE "RelayInstance" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RelayInstance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RelayInstance_lastSeenAt_idx" ON "RelayInstance"("lastSeenAt");
