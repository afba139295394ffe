import type { FaultMailPort } from '@magma/core/notifications';
import { noticeSender, type NoticeMailOptions } from './notice-mail.ts';

// The fault email as the worker sends it to the members who subscribed (faults and the alerts of
// critical security events), in the tenant's brand (notice-mail.ts).

export function faultMail(opts: NoticeMailOptions): FaultMailPort {
  const send = noticeSender(opts);
  return {
    send: async (m) => {
      const r = await send({
        tenantId: m.tenantId,
        to: m.to,
        template: 'fault-opened',
        props: { items: m.items, timeZone: m.timeZone },
      });
      // A refused email is retried on the next run (the sender forgets what it recorded as told).
      if (r.status === 'FAILED') throw new Error(r.error);
      return r;
    },
  };
}
