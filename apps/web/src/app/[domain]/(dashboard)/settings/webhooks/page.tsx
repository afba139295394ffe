import { Badge, Card, CardTitle, EmptyState } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { CreateEndpointForm, EndpointActions, RedeliverButton } from './webhook-forms.tsx';

export const metadata = { title: 'Webhooks' };

const when = (d: Date | string | null) => (d ? `${new Date(d).toISOString().slice(0, 19).replace('T', ' ')} UTC` : '—');

const STATUS_TONE = { DELIVERED: 'good', PENDING: 'warn', FAILED: 'bad' } as const;

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ endpoint?: string }> }) {
  await requireAdmin();
  const api = await serverApi();
  const { endpoint: selected } = await searchParams;
  const [endpoints, eventTypes, sites] = await Promise.all([
    api.webhooks.list(),
    api.webhooks.eventTypes(),
    api.site.list(),
  ]);
  const endpointId = endpoints.some((e) => e.id === selected) ? selected : undefined;
  const deliveries = await api.webhooks.deliveries({ limit: 50, ...(endpointId ? { endpointId } : {}) });
  const siteName = new Map(sites.map((s: { id: string; name: string }) => [s.id, s.name]));
  const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
  return (
    <div className="space-y-8">
      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <Card className="min-w-0">
          <CardTitle description="Each event is POSTed as JSON, signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature), and retried with growing delays for 24 hours until your server answers 2xx. An endpoint whose every delivery fails for 24 hours is disabled; enable it again once your server answers.">
            Endpoints
          </CardTitle>
          {endpoints.length === 0 ? (
            <EmptyState title="No endpoint yet">
              Add the URL of a server that should hear about your network.
            </EmptyState>
          ) : (
            <ul className="space-y-3">
              {endpoints.map((e) => (
                <li
                  key={e.id}
                  data-endpoint={e.url}
                  className="grid gap-3 rounded-lg border border-line p-4 md:grid-cols-[1fr_auto]"
                >
                  <div className="min-w-0 space-y-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-mono text-sm break-all">{e.url}</span>
                      {e.status === 'ENABLED' ? <Badge tone="good">Enabled</Badge> : <Badge tone="bad">Disabled</Badge>}
                    </div>
                    {e.description ? <div className="text-sm">{e.description}</div> : null}
                    <div className="text-xs text-muted">
                      {e.siteId ? `Site: ${siteName.get(e.siteId) ?? 'removed site'}` : 'All sites'} ·{' '}
                      {e.eventTypes.length ? e.eventTypes.join(', ') : 'every event type'}
                    </div>
                    {e.status === 'DISABLED' && e.disabledReason ? (
                      <div className="text-xs text-red-700">{e.disabledReason}</div>
                    ) : null}
                    {e.consecutiveFailures > 0 ? (
                      <div className="text-xs text-muted">
                        {e.consecutiveFailures} failed attempts in a row since {when(e.failingSince)}
                      </div>
                    ) : null}
                    {e.previousSecretExpiresAt && new Date(e.previousSecretExpiresAt) > new Date() ? (
                      <div className="text-xs text-muted">
                        Previous secret also signs until {when(e.previousSecretExpiresAt)}
                      </div>
                    ) : null}
                    <a className="text-xs underline" href={`?endpoint=${e.id}#deliveries`}>
                      Deliveries
                    </a>
                  </div>
                  <EndpointActions id={e.id} url={e.url} enabled={e.status === 'ENABLED'} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <CardTitle description="The signing secret is shown once, when it is made.">Add an endpoint</CardTitle>
          <CreateEndpointForm
            eventTypes={eventTypes}
            sites={sites.map((s: { id: string; name: string }) => ({ id: s.id, name: s.name }))}
          />
        </Card>
      </div>

      <Card className="min-w-0">
        <div id="deliveries" />
        <CardTitle
          description={
            endpointId
              ? `Deliveries to ${urlOf.get(endpointId)}, newest first, with what the server answered (first 2 KiB).`
              : 'Deliveries to every endpoint, newest first, with what the server answered (first 2 KiB).'
          }
        >
          Delivery log
        </CardTitle>
        {deliveries.items.length === 0 ? (
          <EmptyState title="Nothing delivered yet">Send a test event to an endpoint to see it here.</EmptyState>
        ) : (
          <ul className="space-y-2">
            {deliveries.items.map((d) => (
              <li key={d.id} data-delivery={d.messageId} className="rounded-lg border border-line p-3">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={STATUS_TONE[d.status]}>{d.status.toLowerCase()}</Badge>
                  <span className="font-medium">{d.eventType}</span>
                  <span className="font-mono text-xs text-muted break-all">{d.messageId}</span>
                  <span className="text-xs text-muted">{when(d.createdAt)}</span>
                  <span className="ml-auto">
                    <RedeliverButton deliveryId={d.id} />
                  </span>
                </div>
                <div className="mt-1 text-xs text-muted break-all">
                  {endpointId ? null : <>{urlOf.get(d.endpointId)} · </>}
                  {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
                  {d.status === 'PENDING' && d.attempts > 0 ? ` · next ${when(d.nextAttemptAt)}` : ''}
                </div>
                {d.log.length ? (
                  <details className="mt-2 text-xs">
                    <summary className="cursor-pointer">Attempts and payload</summary>
                    <table className="mt-2 w-full text-left">
                      <thead>
                        <tr className="text-muted">
                          <th className="pr-2">#</th>
                          <th className="pr-2">When</th>
                          <th className="pr-2">Answer</th>
                          <th className="pr-2">Time</th>
                          <th>Body</th>
                        </tr>
                      </thead>
                      <tbody>
                        {d.log.map((a) => (
                          <tr key={a.attempt} className="align-top" data-attempt={a.attempt}>
                            <td className="pr-2">{a.attempt}</td>
                            <td className="pr-2 whitespace-nowrap">{when(a.at)}</td>
                            <td className="pr-2">{a.statusCode ?? a.error}</td>
                            <td className="pr-2">{a.durationMs} ms</td>
                            <td className="max-w-md font-mono break-all">{a.responseBody}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <pre className="mt-2 overflow-x-auto rounded-md bg-black/5 p-2">
                      {JSON.stringify(d.payload, null, 2)}
                    </pre>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
