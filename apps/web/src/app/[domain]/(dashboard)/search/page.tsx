import { Card, EmptyState, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError } from '@/components/dashboard/errors.tsx';
import { SearchForm } from '@/components/dashboard/search-form.tsx';
import { SearchResults } from '@/components/search-results.tsx';

export const metadata = { title: 'Search' };

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The header search's full page: up to 10 matches a group, and the box for phones. */
export default async function SearchPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  await requireMember();
  const raw = (await searchParams).q;
  const q = (typeof raw === 'string' ? raw : '').trim().slice(0, 80);
  let body;
  if (q.length < 2) {
    body = (
      <EmptyState title="Type at least 2 characters">
        A charger id, site, card, session id or driver’s email.
      </EmptyState>
    );
  } else {
    try {
      const result = await (await serverApi()).search.global({ q, limit: 10 });
      body = (
        <Card className="p-2">
          <SearchResults result={result} timeZone={tenant.timezone} />
        </Card>
      );
    } catch (e) {
      body = <LoadError what="the search" error={e} />;
    }
  }
  return (
    <>
      <PageHeader title="Search" description="Chargers, sites, cards, sessions and drivers, in one box." />
      <div className="mb-6">
        <SearchForm action="/search" value={q} label="Charger id, site, card, session id, email" />
      </div>
      {body}
    </>
  );
}
