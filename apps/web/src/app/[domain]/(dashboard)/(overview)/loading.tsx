import { PageLoading } from '@/components/page-loading.tsx';

// The Overview's placeholder (KPIs, the power chart, the live table). In its own route group so that it is
// not every dashboard page's fallback: an admin-only page's redirect for a vendor stays an HTTP redirect
// instead of a jump after a streamed placeholder.
export default function Loading() {
  return <PageLoading blocks={['h-24', 'h-64', 'h-96']} />;
}
