import { headers } from 'next/headers';
import { normalizeHost } from '@magma/api/host';
import { DriverNotFound } from '@/components/driver/driver-not-found.tsx';

export default async function NotFound() {
  return <DriverNotFound domain={normalizeHost((await headers()).get('host'))} />;
}
