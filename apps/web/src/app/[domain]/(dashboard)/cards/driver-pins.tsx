import Link from 'next/link';
import { Badge, Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
import type { DriverPinHolder } from '@magma/core/id-tokens';
import { dateTime } from '@/components/dashboard/format.ts';
import { IssuePinForm, PinHolderActions, PinReveal } from './pin-forms.tsx';

function statusOf(h: DriverPinHolder, now: number) {
  if (h.status === 'BLOCKED') return ['bad', 'blocked'] as const;
  if (h.expiresAt && h.expiresAt.getTime() <= now) return ['warn', 'expired'] as const;
  if (!h.pinSet) return ['warn', 'needs a new PIN'] as const;
  return ['good', 'active'] as const;
}

/** The Cards page's PIN section: holders for operator staff, and the PIN tools for admins. */
export function DriverPins({
  holders,
  total,
  admin,
  timeZone,
}: {
  holders: DriverPinHolder[];
  total: number;
  admin: boolean;
  timeZone: string;
}) {
  const now = Date.now();
  return (
    <section className="mt-12" aria-labelledby="driver-pins">
      <div className="mb-4">
        <h2 id="driver-pins" className="text-xl font-semibold">
          Driver PINs
        </h2>
        <p className="text-sm text-muted">
          A PIN starts a charger from its QR page without paying, on any charger of yours. Each holder has one; a
          blocked or expired PIN is refused.
        </p>
      </div>
      <PinReveal>
        <div className={admin ? 'grid items-start gap-8 lg:grid-cols-[2fr_1fr]' : ''}>
          <div className="space-y-3">
            <span className="text-sm text-muted">
              {holders.length < total ? `${holders.length} of ${total}` : `${total}`}{' '}
              {total === 1 ? 'holder' : 'holders'}
            </span>
            {holders.length === 0 ? (
              <EmptyState title="No PINs yet">{admin ? 'Issue the first one with the form.' : null}</EmptyState>
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>Holder</Th>
                    <Th>Id</Th>
                    <Th>Status</Th>
                    <Th>Expires</Th>
                    <Th className="text-right">Sessions</Th>
                    <Th>Issued</Th>
                    {admin ? <Th /> : null}
                  </tr>
                </thead>
                <tbody data-testid="pin-holders">
                  {holders.map((h) => {
                    const [tone, label] = statusOf(h, now);
                    return (
                      <tr key={h.id} data-pin-holder={h.token}>
                        <Td>{h.label ?? <span className="text-muted">—</span>}</Td>
                        <Td className="font-mono whitespace-nowrap">{h.token}</Td>
                        <Td>
                          <Badge tone={tone}>{label}</Badge>
                        </Td>
                        <Td className="whitespace-nowrap">
                          {h.expiresAt ? dateTime(h.expiresAt, timeZone) : <span className="text-muted">never</span>}
                        </Td>
                        <Td className="text-right tabular-nums">
                          {h.sessions > 0 ? (
                            <Link
                              className="text-primary underline"
                              href={`/sessions?idToken=${encodeURIComponent(h.token)}`}
                            >
                              {h.sessions}
                            </Link>
                          ) : (
                            0
                          )}
                        </Td>
                        <Td className="whitespace-nowrap">{dateTime(h.createdAt, timeZone)}</Td>
                        {admin ? (
                          <Td className="text-right whitespace-nowrap">
                            <PinHolderActions
                              id={h.id}
                              token={h.token}
                              label={h.label}
                              blocked={h.status === 'BLOCKED'}
                            />
                          </Td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
            )}
          </div>
          {admin ? (
            <Card>
              <CardTitle description="The PIN is shown once, here, when you issue it: copy it for the driver then.">
                Issue a PIN
              </CardTitle>
              <IssuePinForm timeZone={timeZone} />
            </Card>
          ) : null}
        </div>
      </PinReveal>
    </section>
  );
}
