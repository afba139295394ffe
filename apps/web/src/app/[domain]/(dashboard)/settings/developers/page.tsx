import { Badge, Card, CardTitle, EmptyState } from '@magma/ui';
import { headers } from 'next/headers';
import { API_RESOURCES, OAUTH_PATHS } from '@magma/core/oauth';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { originOf } from '@/server/driver.ts';
import { ClientActions, CreateClientForm } from './developer-forms.tsx';
import { PersonalTokensCard } from './personal-tokens-card.tsx';

export const metadata = { title: 'Developers' };

const ROLE_LABEL = { OPERATOR_ADMIN: 'Admin', OPERATOR_STAFF: 'Staff', VENDOR_USER: 'Vendor' } as const;

export default async function DevelopersPage() {
  const { scope } = await requireAdmin();
  const api = await serverApi();
  const [clients, vendors] = await Promise.all([api.apiClients.list(), api.vendor.list()]);
  const origin = originOf(await headers());
  const vendorOptions = vendors.map((v: { id: string; name: string }) => ({ id: v.id, name: v.name }));
  const curl = `curl -s -u "$CLIENT_ID:$CLIENT_SECRET" \\
  -d grant_type=client_credentials -d scope=chargers:read \\
  ${origin}${OAUTH_PATHS.token}

curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${origin}/api/v1/chargers`;
  return (
    <div className="space-y-8">
      <Card>
        <CardTitle description="OAuth 2.0 client credentials: exchange a client's id and secret for an access token (15 minutes), then call the REST API with it.">
          Endpoints
        </CardTitle>
        <dl className="grid gap-2 text-sm md:grid-cols-[12rem_1fr]">
          <dt className="text-muted">Token endpoint</dt>
          <dd className="font-mono break-all" data-testid="token-endpoint">
            {origin}
            {OAUTH_PATHS.token}
          </dd>
          <dt className="text-muted">Metadata (RFC 8414)</dt>
          <dd className="font-mono break-all" data-testid="metadata-url">
            {origin}
            {OAUTH_PATHS.metadata}
          </dd>
          <dt className="text-muted">Signing keys (JWKS)</dt>
          <dd className="font-mono break-all">
            {origin}
            {OAUTH_PATHS.jwks}
          </dd>
          <dt className="text-muted">Introspection, revocation</dt>
          <dd className="font-mono break-all">
            {origin}
            {OAUTH_PATHS.introspection}, {origin}
            {OAUTH_PATHS.revocation}
          </dd>
        </dl>
        <pre tabIndex={0} className="mt-4 overflow-x-auto rounded-md bg-black/5 p-3 text-xs" data-testid="curl-example">
          {curl}
        </pre>
      </Card>

      <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
        <Card className="min-w-0">
          <CardTitle description="Each client acts with a role, like a user, and only within its scopes. A vendor client sees only its vendor's data. Secrets are shown once and stored hashed.">
            API clients
          </CardTitle>
          {clients.length === 0 ? (
            <EmptyState title="No API client yet">Create one for each system that calls the API.</EmptyState>
          ) : (
            <ul className="space-y-3">
              {clients.map((c) => (
                <li
                  key={c.id}
                  data-client={c.name}
                  className="grid gap-3 rounded-lg border border-line p-4 md:grid-cols-[1fr_auto]"
                >
                  <div className="min-w-0 space-y-1">
                    <div>
                      <span className="font-medium">{c.name}</span>{' '}
                      <Badge tone={c.disabledAt ? 'bad' : 'good'}>{c.disabledAt ? 'Disabled' : 'Active'}</Badge>{' '}
                      <span className="text-xs text-muted">
                        {ROLE_LABEL[c.role]}
                        {c.vendor ? ` · ${c.vendor.name}` : ''}
                      </span>
                    </div>
                    <div className="font-mono text-xs break-all" data-testid="client-id">
                      {c.clientId}
                    </div>
                    <div className="text-xs text-muted break-words">{c.scopes.join(' ')}</div>
                    {c.previousSecretValidUntil && new Date(c.previousSecretValidUntil) > new Date() ? (
                      <div className="text-xs text-muted">
                        Previous secret valid until {new Date(c.previousSecretValidUntil).toISOString().slice(0, 16)}Z
                      </div>
                    ) : null}
                  </div>
                  <ClientActions id={c.id} name={c.name} disabled={!!c.disabledAt} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card className="h-fit">
          <CardTitle description="The secret is shown once, right after you create the client.">New client</CardTitle>
          <CreateClientForm vendors={vendorOptions} resources={[...API_RESOURCES]} />
        </Card>
      </div>

      {scope.role === 'PLATFORM_ADMIN' ? null : <PersonalTokensCard />}
    </div>
  );
}
