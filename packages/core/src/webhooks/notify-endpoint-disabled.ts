import type { Db } from '@magma/db';

// The mail an operator's admins get when one of their webhook endpoints was disabled for failing:
// the port here, its adapter in the worker (the tenant's brand, the webhook-disabled template of
// @magma/email). Called once per disable: only the update that moved the endpoint from ENABLED to
// DISABLED calls it (deliver-webhook.ts).

export type EndpointDisabledMail = {
  tenantId: string;
  to: string;
  endpointUrl: string;
  description: string;
  reason: string;
  disabledAt: Date;
  timeZone: string;
};

export type WebhookMailPort = { sendEndpointDisabled(mail: EndpointDisabledMail): Promise<void> };

/** Sends the notice to each admin of the tenant; answers how many were sent. */
export async function notifyEndpointDisabled({
  db,
  mail,
  tenantId,
  endpointId,
  onError,
}: {
  db: Db;
  mail: WebhookMailPort;
  tenantId: string;
  endpointId: string;
  onError?: (e: unknown, what: string) => void;
}): Promise<number> {
  const [endpoint, tenant, admins] = await Promise.all([
    db.webhookEndpoint.findFirst({
      where: { id: endpointId, tenantId },
      select: { url: true, description: true, disabledReason: true, disabledAt: true },
    }),
    db.tenant.findUnique({ where: { id: tenantId }, select: { timezone: true } }),
    db.membership.findMany({
      where: { tenantId, role: 'OPERATOR_ADMIN' },
      select: { user: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  if (!endpoint?.disabledAt) return 0;
  let sent = 0;
  for (const { user } of admins) {
    try {
      await mail.sendEndpointDisabled({
        tenantId,
        to: user.email,
        endpointUrl: endpoint.url,
        description: endpoint.description,
        reason: endpoint.disabledReason ?? 'Every delivery failed',
        disabledAt: endpoint.disabledAt,
        timeZone: tenant?.timezone ?? 'Asia/Kolkata',
      });
      sent++;
    } catch (e) {
      onError?.(e, `mailing ${user.email} that a webhook endpoint was disabled`);
    }
  }
  return sent;
}
