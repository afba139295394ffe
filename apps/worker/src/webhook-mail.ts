import type { WebhookMailPort } from '@magma/core/webhooks';
import { noticeSender, type NoticeMailOptions } from './notice-mail.ts';

// The "webhook endpoint disabled" email as the worker sends it to an operator's admins, in the
// tenant's brand (notice-mail.ts).

export function webhookMail(opts: NoticeMailOptions): WebhookMailPort {
  const send = noticeSender(opts);
  return {
    sendEndpointDisabled: async (m) => {
      await send({
        tenantId: m.tenantId,
        to: m.to,
        template: 'webhook-disabled',
        props: {
          endpointUrl: m.endpointUrl,
          description: m.description,
          reason: m.reason,
          disabledAt: m.disabledAt,
          timeZone: m.timeZone,
        },
      });
    },
  };
}
