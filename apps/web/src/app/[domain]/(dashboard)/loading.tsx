import { PageLoading } from '@/components/page-loading.tsx';

// The Overview's placeholder (KPIs, the power chart, the live table), and any dashboard page's without its own.
export default function Loading() {
  return <PageLoading blocks={['h-24', 'h-64', 'h-96']} />;
}
