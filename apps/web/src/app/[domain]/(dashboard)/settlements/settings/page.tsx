import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge, Card, CardTitle, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { percent } from '../format.ts';
import { TaxRateForm, WeekSettingsForm } from './settings-forms.tsx';

export const metadata = { title: 'Settlement settings' };

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const KIND = {
  TDS_194O: 'TDS 194-O, valid PAN',
  TDS_194O_NO_PAN: 'TDS 194-O, no valid PAN',
  TCS_52: 'GST TCS, section 52',
} as const;

function day(iso: string) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-IN', { dateStyle: 'medium', timeZone: 'UTC' });
}

/** The week's cut-off and the withholding rates in force (operator staff read, admins change). */
export default async function SettlementSettingsPage() {
  const ctx = await requireMember();
  if (ctx.scope.role === 'VENDOR_USER') redirect('/earnings');
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const api = await serverApi();
  const [settings, weeks] = await Promise.all([api.settlements.settings(), api.settlements.weeks()]);
  const tz = ctx.tenant.timezone;
  const weekday = settings.week.closeDay % 7;
  const [h, m] = settings.week.cutoff.split(':').map(Number) as [number, number];
  const locked = weeks.some((w) => w.status !== 'OPEN');
  const { tds, tcs } = settings.taxRules;
  const tables = [
    { kind: 'TDS_194O' as const, rates: tds.withPan, on: tds.enabled },
    { kind: 'TDS_194O_NO_PAN' as const, rates: tds.withoutPan, on: tds.enabled },
    { kind: 'TCS_52' as const, rates: tcs.rates, on: tcs.enabled },
  ];
  return (
    <>
      <PageHeader
        title="Settlement settings"
        description={`Weeks close on ${WEEKDAYS[weekday]} at ${settings.week.cutoff} (${tz}). TDS and TCS are withheld from each vendor's week when it closes.`}
        actions={
          <Link href="/settlements" className="text-sm underline">
            Settlements
          </Link>
        }
      />
      <div className="grid grid-cols-1 items-start gap-8 lg:grid-cols-2">
        <Card>
          <CardTitle description="When a week's statement is cut, in your time zone.">Week close</CardTitle>
          {admin ? (
            <WeekSettingsForm
              cutoffWeekday={weekday}
              cutoffMinute={h * 60 + m}
              tcsEnabled={tcs.enabled}
              locked={locked}
              timeZone={tz}
            />
          ) : (
            <p className="text-sm">
              {WEEKDAYS[weekday]} at {settings.week.cutoff}; GST TCS {tcs.enabled ? 'on' : 'off'}.
            </p>
          )}
        </Card>
        <Card>
          <CardTitle description="Each rate applies from its date; a week uses the rate of its days.">
            Withholding rates
          </CardTitle>
          <Table>
            <thead>
              <tr>
                <Th>Tax</Th>
                <Th>From</Th>
                <Th className="text-right">Rate</Th>
              </tr>
            </thead>
            <tbody>
              {tables.flatMap((t) =>
                t.rates.map((r, i) => (
                  <tr key={`${t.kind}-${r.from}`} data-rate={t.kind}>
                    <Td>
                      {KIND[t.kind]}{' '}
                      {i === t.rates.length - 1 ? (
                        <Badge tone={t.on ? 'good' : 'neutral'}>{t.on ? 'current' : 'off'}</Badge>
                      ) : null}
                    </Td>
                    <Td>{day(r.from)}</Td>
                    <Td className="text-right tabular-nums">{percent(r.bps)}</Td>
                  </tr>
                )),
              )}
            </tbody>
          </Table>
          {admin ? (
            <div className="mt-6">
              <h3 className="mb-2 text-sm font-semibold">New rate</h3>
              <TaxRateForm timeZone={tz} />
            </div>
          ) : null}
        </Card>
      </div>
    </>
  );
}
