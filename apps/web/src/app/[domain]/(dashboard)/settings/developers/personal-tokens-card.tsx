import { Badge, Card, CardTitle, EmptyState } from '@magma/ui';
import { API_RESOURCES } from '@magma/core/oauth';
import { serverApi } from '@/server/api.ts';
import { CreateTokenForm, RevokeTokenButton } from './developer-forms.tsx';

const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : null);

/** The signed-in member's personal API tokens (on Settings → Developers and on Your account). */
export async function PersonalTokensCard() {
  const api = await serverApi();
  const tokens = await api.apiClients.listPersonalTokens();
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card className="min-w-0">
        <CardTitle description="Your own tokens for scripts: they act as you, with your role here as it is at each call, within their scopes.">
          Personal API tokens
        </CardTitle>
        {tokens.length === 0 ? (
          <EmptyState title="No personal token">Create one to call the API from a script.</EmptyState>
        ) : (
          <ul className="space-y-2">
            {tokens.map((t) => (
              <li
                key={t.id}
                data-token={t.name}
                className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-line p-3"
              >
                <div className="min-w-0 text-sm">
                  <span className="font-medium">{t.name}</span> <span className="font-mono text-xs">{t.prefix}…</span>{' '}
                  {t.revokedAt ? <Badge tone="bad">Revoked</Badge> : null}
                  <div className="text-xs text-muted break-words">
                    {t.scopes.join(' ')} · {t.expiresAt ? `expires ${day(t.expiresAt)}` : 'never expires'}
                  </div>
                </div>
                {t.revokedAt ? null : <RevokeTokenButton id={t.id} name={t.name} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card className="h-fit">
        <CardTitle description="The token is shown once. Send it as Authorization: Bearer …">
          New personal token
        </CardTitle>
        <CreateTokenForm resources={[...API_RESOURCES]} />
      </Card>
    </div>
  );
}
