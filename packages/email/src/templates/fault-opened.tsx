import type { Brand } from '../brand.ts';
import { EmailLayout, Heading, Paragraph } from '../components/layout.tsx';
import { formatDateTime } from '../format.ts';

/**
 * To a member who subscribed to fault emails (Your account): the faults that opened on the sites they
 * follow, one line per charger connector. A connector that kept faulting since the last email is one
 * line with its count (the digest), so a flapping charger does not fill the inbox.
 */
export type FaultOpenedProps = {
  items: {
    charger: string;
    site: string | null;
    /** null: the charger as a whole. */
    evseId: number | null;
    codes: string[];
    count: number;
    firstAt: Date;
    lastAt: Date;
    open: boolean;
  }[];
  timeZone?: string;
};

const where = (i: FaultOpenedProps['items'][number]) => `${i.charger}${i.evseId ? ` connector ${i.evseId}` : ''}`;

export const faultOpenedSubject = (p: FaultOpenedProps, brand: Brand) => {
  const total = p.items.reduce((n, i) => n + i.count, 0);
  const only = p.items.length === 1 ? p.items[0] : undefined;
  if (only && only.count === 1) return `${brand.name}: fault on ${where(only)} (${only.codes[0]})`;
  if (only) return `${brand.name}: ${total} faults on ${where(only)}`;
  return `${brand.name}: ${total} faults on ${p.items.length} chargers`;
};

export function FaultOpened({ brand, ...p }: FaultOpenedProps & { brand: Brand }) {
  const total = p.items.reduce((n, i) => n + i.count, 0);
  return (
    <EmailLayout brand={brand} preview={faultOpenedSubject(p, brand)}>
      <Heading brand={brand}>{total === 1 ? 'A fault opened' : `${total} faults opened`}</Heading>
      {p.items.map((i) => (
        <Paragraph key={`${i.charger}/${i.evseId ?? 0}`}>
          <strong>{where(i)}</strong>
          {i.site ? ` · ${i.site}` : ''}
          <br />
          {i.codes.join(', ')}
          {i.count > 1
            ? ` · ${i.count} times, ${formatDateTime(i.firstAt, p.timeZone)} to ${formatDateTime(i.lastAt, p.timeZone)}`
            : ` · ${formatDateTime(i.firstAt, p.timeZone)}`}
          {i.open ? ' · still open' : ' · cleared'}
        </Paragraph>
      ))}
      <Paragraph>
        The Faults page of your dashboard has the details and acknowledges them. A connector that keeps faulting is
        emailed about at most once every 15 minutes, with everything since. You chose these emails under Your account,
        where you can change the sites or turn them off.
      </Paragraph>
    </EmailLayout>
  );
}
