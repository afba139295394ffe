'use client';

import { DriverError } from '@/components/driver/driver-error.tsx';

export default function Error({ reset }: { error: Error; reset: () => void }) {
  return <DriverError reset={reset} />;
}
