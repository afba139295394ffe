import { PageLoading } from '@/components/page-loading.tsx';

// The Chargers list's placeholder: its filters, then the list.
export default function Loading() {
  return <PageLoading blocks={['h-32', 'h-96']} />;
}
