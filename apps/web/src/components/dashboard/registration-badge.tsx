import { Badge } from '@magma/ui';

type Registration = 'ACCEPTED' | 'PENDING' | 'REJECTED';

/** A charger's registration when it is not plain accepted: waiting for an admin, or refused. */
export function RegistrationBadge({ registration }: { registration: Registration }) {
  if (registration === 'PENDING') return <Badge tone="warn">Awaiting approval</Badge>;
  if (registration === 'REJECTED') return <Badge tone="bad">Refused</Badge>;
  return null;
}
