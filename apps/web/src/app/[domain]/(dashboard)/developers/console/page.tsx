import { PageHeader } from '@magma/ui';
import { requireMember } from '@/server/guards.ts';
import { ApiConsole } from './api-console.tsx';

export const metadata = { title: 'API console' };

// Reads /api/v1/openapi.json and tries routes with the signed-in session (the same role and vendor
// scope as the dashboard) or a pasted token. Nothing leaves this host.
export default async function ApiConsolePage() {
  await requireMember();
  return (
    <div className="space-y-6">
      <PageHeader
        title="API console"
        description="Every route of the REST API, from its OpenAPI document. Calls go to this host with your session, or with a token you paste."
      />
      <ApiConsole />
    </div>
  );
}
