import { PageLoading } from '@/components/page-loading.tsx';

export default function Loading() {
  return <PageLoading />;
}
