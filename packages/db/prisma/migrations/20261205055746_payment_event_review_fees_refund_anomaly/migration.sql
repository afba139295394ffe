-- CreateEnum
CREATE TYPE "PaymentEventStatus" AS ENUM ('ACCEPTED', 'REJECTED');

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "gatewayFeeMinor" INTEGER,
ADD COLUMN     "gatewayTaxMinor" INTEGER;

-- AlterTable
ALTER TABLE "PaymentEvent" ADD COLUMN     "rejectionReason" TEXT,
ADD COLUMN     "status" "PaymentEventStatus" NOT NULL DEFAULT 'ACCEPTED';

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "anomaly" TEXT;
