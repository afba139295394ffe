import Link from 'next/link';
import type { ReactNode } from 'react';

// The global search's answer, grouped, each row a link to the page it names. Shared by the
// header's drop-down and the /search page; no hooks, so both server and client render it.

type When = Date | string;

export type SearchResult = {
  q: string;
  chargers: {
    items: { id: string; identity: string; online: boolean; model: string | null; site: string | null }[];
    more: boolean;
  };
  sites: { items: { id: string; name: string; city: string; archived: boolean; chargers: number }[]; more: boolean };
  cards: { items: { id: string; token: string; type: string; status: string; label: string | null }[]; more: boolean };
  sessions: {
    items: { id: string; status: string; startedAt: When; energyWh: number; charger: string }[];
    more: boolean;
  };
  drivers: {
    items: {
      email: string | null;
      payer: string | null;
      sessionId: string;
      status: string;
      startedAt: When;
      charger: string;
    }[];
    more: boolean;
  };
};

export function searchHitCount(r: SearchResult): number {
  return (
    r.chargers.items.length +
    r.sites.items.length +
    r.cards.items.length +
    r.sessions.items.length +
    r.drivers.items.length
  );
}

function when(d: When, timeZone: string): string {
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(d));
}

function Group({
  title,
  more,
  moreHref,
  children,
}: {
  title: string;
  more: boolean;
  moreHref?: string;
  children: ReactNode;
}) {
  return (
    <section aria-label={title} className="py-1">
      <h3 className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      <ul>{children}</ul>
      {more ? (
        <p className="px-3 pb-1 text-xs text-muted">
          More match
          {moreHref ? (
            <>
              {': '}
              <Link className="text-primary underline" href={moreHref}>
                see all
              </Link>
            </>
          ) : (
            ': type more to narrow'
          )}
        </p>
      ) : null}
    </section>
  );
}

function Row({ href, children, onPick }: { href: string; children: ReactNode; onPick?: () => void }) {
  return (
    <li>
      <Link
        href={href}
        onClick={onPick}
        className="block rounded px-3 py-1.5 text-sm hover:bg-tint focus:bg-tint"
        data-search-hit
      >
        {children}
      </Link>
    </li>
  );
}

export function SearchResults({
  result,
  timeZone,
  onPick,
  moreHref,
}: {
  result: SearchResult;
  timeZone: string;
  onPick?: () => void;
  /** Where a group with more matches leads (the full page); absent there: narrow the query. */
  moreHref?: string;
}) {
  const r = result;
  if (searchHitCount(r) === 0) return <p className="px-3 py-2 text-sm text-muted">Nothing matches “{r.q}”.</p>;
  return (
    <div className="divide-y divide-line" data-testid="search-results">
      {r.chargers.items.length ? (
        <Group title="Chargers" more={r.chargers.more} moreHref={moreHref}>
          {r.chargers.items.map((c) => (
            <Row key={c.id} href={`/chargers/${c.id}`} onPick={onPick}>
              <span className="font-mono font-medium">{c.identity}</span>
              <span className="text-muted">
                {' '}
                · {c.site ?? 'no site'} · {c.online ? 'connected' : 'not connected'}
              </span>
            </Row>
          ))}
        </Group>
      ) : null}
      {r.sites.items.length ? (
        <Group title="Sites" more={r.sites.more} moreHref={moreHref}>
          {r.sites.items.map((s) => (
            <Row key={s.id} href={`/sites/${s.id}`} onPick={onPick}>
              <span className="font-medium">{s.name}</span>
              <span className="text-muted">
                {' '}
                · {s.city} · {s.chargers} charger{s.chargers === 1 ? '' : 's'}
                {s.archived ? ' · archived' : ''}
              </span>
            </Row>
          ))}
        </Group>
      ) : null}
      {r.cards.items.length ? (
        <Group title="Cards" more={r.cards.more} moreHref={moreHref}>
          {r.cards.items.map((c) => (
            <Row key={c.id} href={`/sessions?idToken=${encodeURIComponent(c.token)}`} onPick={onPick}>
              <span className="font-mono font-medium">{c.token}</span>
              <span className="text-muted">
                {' '}
                · {c.label ?? c.type} · {c.status.toLowerCase()} · sessions
              </span>
            </Row>
          ))}
        </Group>
      ) : null}
      {r.sessions.items.length ? (
        <Group title="Sessions" more={r.sessions.more} moreHref={moreHref}>
          {r.sessions.items.map((s) => (
            <Row key={s.id} href={`/sessions/${s.id}`} onPick={onPick}>
              <span className="font-medium">{when(s.startedAt, timeZone)}</span>
              <span className="text-muted">
                {' '}
                · <span className="font-mono">{s.charger}</span> · {s.status === 'ACTIVE' ? 'charging' : 'ended'}
              </span>
            </Row>
          ))}
        </Group>
      ) : null}
      {r.drivers.items.length ? (
        <Group title="Drivers" more={r.drivers.more} moreHref={moreHref}>
          {r.drivers.items.map((d) => (
            <Row key={d.sessionId} href={`/sessions/${d.sessionId}`} onPick={onPick}>
              <span className="font-medium">{[d.payer, d.email].filter(Boolean).join(' · ') || 'Driver'}</span>
              <span className="text-muted">
                {' '}
                · {when(d.startedAt, timeZone)} · <span className="font-mono">{d.charger}</span>
              </span>
            </Row>
          ))}
        </Group>
      ) : null}
    </div>
  );
}
