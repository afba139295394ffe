import { describe, expect, it } from 'vitest';
import { balancedTree, fallbackSettings, type CircuitRow } from './site-tree.ts';

const circuit = (id: string, parentId: string | null, over: Partial<CircuitRow> = {}): CircuitRow => ({
  id,
  parentId,
  phases: 3,
  phase: null,
  voltageV: 230,
  maxCurrentA: 63,
  maxPowerW: null,
  safetyMarginPct: 0,
  policy: 'EQUAL_SHARE',
  hysteresisA: 1,
  enabled: true,
  ...over,
});

describe('balancedTree', () => {
  it('a disabled feeder stops constraining: what hangs from it is counted under its nearest enabled ancestor', () => {
    const t = balancedTree([
      circuit('main', null),
      circuit('feeder', 'main', { enabled: false }),
      circuit('leaf', 'feeder'),
      circuit('bay', 'feeder', { enabled: false }),
    ])!;
    expect(t.circuits.map((c) => [c.id, c.parentId])).toEqual([
      ['main', null],
      ['leaf', 'main'],
    ]);
    expect(t.effective.get('feeder')).toBe('main');
    expect(t.effective.get('bay')).toBe('main');
    expect(t.effective.get('leaf')).toBe('leaf');
  });

  it('a site whose main circuit is disabled (or missing) is not balanced', () => {
    expect(balancedTree([circuit('main', null, { enabled: false }), circuit('leaf', 'main')])).toBeNull();
    expect(balancedTree([])).toBeNull();
  });

  it('the policy is the main circuit’s and only circuits under it are balanced', () => {
    const t = balancedTree([circuit('main', null, { policy: 'PRIORITY' }), circuit('other', null)])!;
    expect(t.root.policy).toBe('PRIORITY');
    expect(t.circuits.map((c) => c.id)).toEqual(['main']);
    expect(t.effective.has('other')).toBe(false);
  });
});

describe('fallbackSettings', () => {
  it('a circuit without its own fallback inherits its nearest ancestor’s (disabled ones too); none up to the top: null', () => {
    const settings = fallbackSettings([
      circuit('leaf', 'feeder'),
      circuit('main', null),
      circuit('feeder', 'main', { fallbackCurrentA: 10, enabled: false }),
      circuit('bay', 'feeder', { fallbackCurrentA: 0 }),
      circuit('side', 'main'),
    ]);
    expect(Object.fromEntries(settings)).toEqual({ main: null, feeder: 10, leaf: 10, bay: 0, side: null });
  });
});
