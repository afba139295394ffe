import { Badge } from '@magma/ui';
import { STATUS_LABEL, type DisplayStatus } from './status.ts';

export { displayStatus, STATUS_LABEL, type DisplayStatus } from './status.ts';

const TONE: Record<DisplayStatus, 'good' | 'warn' | 'bad' | 'neutral' | 'brand'> = {
  charging: 'brand',
  available: 'good',
  preparing: 'warn',
  suspended: 'warn',
  finishing: 'warn',
  reserved: 'neutral',
  occupied: 'warn',
  unavailable: 'neutral',
  faulted: 'bad',
  offline: 'bad',
  unknown: 'neutral',
};

export function StatusBadge({ status }: { status: DisplayStatus }) {
  return <Badge tone={TONE[status]}>{STATUS_LABEL[status]}</Badge>;
}
