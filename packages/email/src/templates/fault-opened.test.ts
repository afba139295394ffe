import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.tsx';
import { aBrand } from '../testing/builders.ts';
import type { FaultOpenedProps } from './fault-opened.tsx';

type Item = FaultOpenedProps['items'][number];
const anItem = (over: Partial<Item> = {}): Item => ({
  charger: 'BLR-011',
  site: 'Indiranagar Café, Bengaluru',
  evseId: 1,
  codes: ['GroundFailure'],
  count: 1,
  firstAt: new Date('2026-12-05T06:30:00Z'),
  lastAt: new Date('2026-12-05T06:30:00Z'),
  open: true,
  ...over,
});

const render = (items: Item[]) =>
  renderEmail({
    brand: aBrand({ name: 'Voltway' }),
    template: 'fault-opened',
    props: { items, timeZone: 'Asia/Kolkata' },
  });

describe('fault email', () => {
  it('names the charger, connector, site, code and the time in the operator’s zone', async () => {
    const { subject, text } = await render([anItem()]);
    expect(subject).toBe('Voltway: fault on BLR-011 connector 1 (GroundFailure)');
    expect(text).toContain('BLR-011 connector 1');
    expect(text).toContain('Indiranagar Café, Bengaluru');
    expect(text).toContain('GroundFailure');
    expect(text).toContain('12:00 pm'); // 06:30 UTC in Asia/Kolkata
    expect(text).toContain('still open');
  });

  it.each([
    [
      'a flapping connector as one digest line',
      [
        anItem({
          count: 12,
          codes: ['GroundFailure', 'OverCurrentFailure'],
          lastAt: new Date('2026-12-05T06:44:00Z'),
          open: false,
        }),
      ],
      'Voltway: 12 faults on BLR-011 connector 1',
      '12 times',
    ],
    [
      'several chargers',
      [anItem(), anItem({ charger: 'MUM-004', evseId: null, codes: ['Offline'] })],
      'Voltway: 2 faults on 2 chargers',
      'MUM-004',
    ],
  ])('sums up %s', async (_case, items, subject, line) => {
    const r = await render(items);
    expect(r.subject).toBe(subject);
    expect(r.text).toContain(line);
  });
});
