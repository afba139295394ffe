import type { Brand } from '../brand.ts';
import { EmailLayout, Facts, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime } from '../format.ts';

/** To an operator's admins when a webhook endpoint was disabled after failing for a long time. */
export type WebhookDisabledProps = {
  endpointUrl: string;
  /** The endpoint's own description, if it has one. */
  description: string;
  /** Why it was disabled ("Every delivery failed for 24 h (42 attempts in a row)"). */
  reason: string;
  disabledAt: Date;
  timeZone?: string;
};

export const webhookDisabledSubject = (_: WebhookDisabledProps, brand: Brand) =>
  `${brand.name}: a webhook endpoint was disabled after failing`;

export function WebhookDisabled({ brand, ...p }: WebhookDisabledProps & { brand: Brand }) {
  const rows: [string, string, boolean?][] = [['Endpoint', p.endpointUrl, true]];
  if (p.description) rows.push(['Description', p.description]);
  rows.push(['Why', p.reason], ['Disabled at', formatDateTime(p.disabledAt, p.timeZone)]);
  return (
    <EmailLayout brand={brand} preview={`Webhooks to ${p.endpointUrl} are paused`}>
      <Heading brand={brand}>A webhook endpoint was disabled</Heading>
      <Paragraph>
        Every delivery to this endpoint failed for a long time, so no more events are sent to it. Events from now on are
        not queued for it while it is disabled.
      </Paragraph>
      <Facts rows={rows} />
      <Paragraph>
        Once the receiver answers again, enable the endpoint under Settings → Webhooks; failed deliveries can be sent
        again from its delivery log.
      </Paragraph>
    </EmailLayout>
  );
}
