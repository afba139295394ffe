import Link from 'next/link';
import { Card, CardTitle, cx } from '@magma/ui';

type Step = { key: string; title: string; detail: string; href: string; action: string; page: string; done: boolean };

/**
 * A new operator's first screen: the four steps to a first charging session, each ticked once the
 * tenant has what it asks for (a site, a charger, a tariff), the next one to do highlighted. Staff
 * see the same list; the pages say what only an admin may change.
 */
export function GettingStarted({
  sites,
  chargers,
  tariffs,
  admin,
}: {
  sites: number;
  chargers: number;
  tariffs: number;
  admin: boolean;
}) {
  const steps: Step[] = [
    {
      key: 'site',
      title: 'Add a site',
      detail: 'Where your chargers are: its address and time zone.',
      href: '/sites',
      page: 'Sites',
      action: 'Add a site',
      done: sites > 0,
    },
    {
      key: 'charger',
      title: 'Add a charger',
      detail: 'Register its OCPP identity at a site, or import many from a CSV file.',
      href: '/chargers',
      page: 'Chargers',
      action: 'Add a charger',
      done: chargers > 0,
    },
    {
      key: 'tariff',
      title: 'Set a tariff',
      detail: 'What drivers pay per kWh, per minute or per session, with peak hours if you like.',
      href: admin ? '/tariffs/new' : '/tariffs',
      page: 'Tariffs',
      action: 'Create a tariff',
      done: tariffs > 0,
    },
    {
      key: 'stickers',
      title: 'Print QR stickers',
      detail: 'Drivers scan the sticker on a charger to start and pay.',
      href: '/stickers',
      page: 'Stickers',
      action: 'Print stickers',
      // Printing leaves no record: this step is the last one, never ticked for you.
      done: false,
    },
  ];
  const next = steps.find((s) => !s.done)?.key;
  return (
    <Card className="mb-4 p-4" data-testid="getting-started">
      <CardTitle description="Four steps to your first charging session. Each is ticked when it is done.">
        Get started
      </CardTitle>
      <ol className="mt-3 grid gap-3 md:grid-cols-2 xl:grid-cols-4">
        {steps.map((s, i) => (
          <li
            key={s.key}
            data-step={s.key}
            data-done={s.done}
            className={cx(
              'flex flex-col gap-2 rounded-lg border p-3',
              s.key === next ? 'border-primary bg-tint' : 'border-line',
            )}
          >
            <p className="flex items-center gap-2 font-medium">
              <span
                aria-hidden="true"
                className={cx(
                  'inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold',
                  s.done ? 'bg-green-600 text-white' : 'border border-line',
                )}
              >
                {s.done ? '✓' : i + 1}
              </span>
              {s.title}
              <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
            </p>
            <p className="text-sm text-muted">{s.detail}</p>
            <Link
              href={s.href}
              className={cx(
                'mt-auto self-start rounded-md px-3 py-1.5 text-sm font-medium',
                s.key === next ? 'bg-primary text-white' : 'border border-line hover:bg-tint',
              )}
            >
              {s.done ? `Open ${s.page}` : s.action}
            </Link>
          </li>
        ))}
      </ol>
    </Card>
  );
}
