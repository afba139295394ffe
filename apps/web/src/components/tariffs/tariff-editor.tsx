'use client';

import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, CardTitle, Field, Input, cx } from '@magma/ui';
import { tariffDefinitionSchema, type TariffDefinition } from '@magma/tariff';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { CONNECTOR_TYPES } from './connector-types.ts';
import {
  emptyPrices,
  fromDefinition,
  newId,
  toDefinition,
  type Draft,
  type GridWindow,
  type SponsorDraft,
} from './draft.ts';
import { PreviewPanel } from './preview-panel.tsx';
import { PricesFields } from './prices-fields.tsx';
import { AssignmentFields } from './assignment-fields.tsx';
import { KIND_LABEL, WindowEditor } from './window-editor.tsx';
import { noCells } from './week.ts';
import { localInputToInstant, takeEffectError } from './take-effect.ts';
import { WeekGrid, swatchOf } from './week-grid.tsx';

type Props = {
  /** Absent for a new tariff. */
  tariffId?: string;
  latestVersion: number;
  /** The published definition (or the starting point of a new tariff). */
  definition: TariffDefinition;
  canEdit: boolean;
  canPreview: boolean;
  /** For a new tariff: where it may apply. */
  sites?: { id: string; name: string }[];
  /** The tenant's time zone, for a scheduled start. */
  timeZone: string;
};

export function TariffEditor({
  tariffId,
  latestVersion,
  definition,
  canEdit,
  canPreview,
  sites = [],
  timeZone,
}: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => fromDefinition(definition));
  const [activeId, setActiveId] = useState<string | null>(() => draft.windows[0]?.id ?? null);
  const [meta, setMeta] = useState({ name: '', siteId: '', connectorType: '', priority: '0' });
  const [done, setDone] = useState<string | null>(null);
  const built = useMemo(() => toDefinition(draft), [draft]);
  const [schedule, setSchedule] = useState<{ later: boolean; at: string }>({ later: false, at: '' });
  const errors = useMemo(() => {
    const e = { ...built.errors };
    if (!tariffId && !meta.name.trim()) e.name = 'Give the tariff a name';
    const late = schedule.later ? takeEffectError(schedule.at, timeZone, Date.now()) : null;
    if (late) e.activeFrom = late;
    return e;
  }, [built, meta.name, tariffId, schedule, timeZone]);
  const errorCount = Object.keys(errors).length;
  const dirty = useMemo(() => {
    if (errorCount > 0) return true;
    const parsed = tariffDefinitionSchema.safeParse(built.definition);
    return !parsed.success || JSON.stringify(parsed.data) !== JSON.stringify(definition);
  }, [built, definition, errorCount]);

  const publish = useMutation(
    trpc.tariffs.publish.mutationOptions({
      onSuccess: (r) => {
        if (!tariffId) return router.push(`/tariffs/${r.tariffId}`);
        setDone(
          r.activeFrom.getTime() > Date.now() + 60_000
            ? `Version ${r.version} scheduled: sessions starting from ${new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(r.activeFrom)} use it.`
            : `Version ${r.version} published. New sessions use it from now on.`,
        );
        setSchedule({ later: false, at: '' });
        router.refresh();
      },
    }),
  );

  const update = (f: (d: Draft) => Draft) => {
    setDone(null);
    setDraft(f);
  };
  const setWindow = (id: string, patch: Partial<GridWindow>) =>
    update((d) => ({ ...d, windows: d.windows.map((w) => (w.id === id ? ({ ...w, ...patch } as GridWindow) : w)) }));
  const paint = (cells: number[], value: boolean) => {
    if (!activeId) return;
    update((d) => ({
      ...d,
      windows: d.windows.map((w) => {
        if (w.id !== activeId) return w;
        const next = [...w.cells];
        for (const i of cells) next[i] = value;
        return { ...w, cells: next };
      }),
    }));
  };
  const addWindow = (kind: GridWindow['kind']) => {
    const id = newId(kind[0]!);
    const n = draft.windows.filter((w) => w.kind === kind).length + 1;
    const w: GridWindow =
      kind === 'price'
        ? { id, kind, name: `Window ${n}`, cells: noCells(), prices: emptyPrices() }
        : kind === 'free'
          ? { id, kind, name: `Free charging ${n}`, cells: noCells(), idleStillCharged: true }
          : { id, kind, name: `Power cap ${n}`, cells: noCells(), maxKw: '', siteCap: '', siteUnit: 'kW' as const };
    update((d) => ({ ...d, windows: [...d.windows, w] }));
    setActiveId(id);
  };
  const removeWindow = (id: string) => {
    update((d) => ({ ...d, windows: d.windows.filter((w) => w.id !== id) }));
    setActiveId(null);
  };
  const moveWindow = (id: string, by: -1 | 1) =>
    update((d) => {
      const ws = [...d.windows];
      const i = ws.findIndex((w) => w.id === id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= ws.length) return d;
      [ws[i], ws[j]] = [ws[j]!, ws[i]!];
      return { ...d, windows: ws };
    });
  const setSponsor = (id: string, patch: Partial<SponsorDraft>) =>
    update((d) => ({ ...d, sponsors: d.sponsors.map((s) => (s.id === id ? { ...s, ...patch } : s)) }));

  const active = draft.windows.find((w) => w.id === activeId) ?? null;
  const readOnly = !canEdit;

  function onPublish() {
    setDone(null);
    const at = schedule.later ? localInputToInstant(schedule.at, timeZone) : null;
    const common = { definition: built.definition, ...(at !== null ? { activeFrom: new Date(at) } : {}) };
    if (tariffId) return publish.mutate({ ...common, tariffId, baseVersion: latestVersion });
    publish.mutate({
      ...common,
      name: meta.name,
      siteId: meta.siteId || null,
      connectorType: (meta.connectorType || null) as (typeof CONNECTOR_TYPES)[number] | null,
      priority: Number(meta.priority) || 0,
    });
  }

  return (
    <div className={cx('grid items-start gap-6', canPreview && 'lg:grid-cols-[minmax(0,1fr)_22rem]')}>
      <div className="min-w-0 space-y-6">
        {!tariffId ? (
          <Card>
            <CardTitle description="Where the tariff applies decides which connectors use it.">New tariff</CardTitle>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Name" error={errors.name}>
                <Input
                  value={meta.name}
                  onChange={(e) => setMeta({ ...meta, name: e.target.value })}
                  placeholder="Mall weekend"
                  data-testid="tariff-name"
                />
              </Field>
              <AssignmentFields meta={meta} setMeta={setMeta} sites={sites} />
            </div>
          </Card>
        ) : null}

        <Card>
          <CardTitle description="Charged whenever no window below applies. Prices before GST.">
            Standard prices
          </CardTitle>
          <PricesFields
            prices={draft.standard}
            onChange={(p) => update((d) => ({ ...d, standard: p }))}
            errors={errors}
            owner="standard"
            currency={draft.currency}
            disabled={readOnly}
            testPrefix="standard"
          />
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            <Field
              label="Idle grace (minutes)"
              hint="Idle fees start this long after charging ends"
              error={errors.grace}
            >
              <Input
                inputMode="numeric"
                value={draft.graceMinutes}
                disabled={readOnly}
                onChange={(e) => update((d) => ({ ...d, graceMinutes: e.target.value }))}
              />
            </Field>
          </div>
        </Card>

        <Card>
          <CardTitle
            description={
              canEdit
                ? 'Paint windows onto days and hours (local time). Where price windows overlap, the first in the list wins.'
                : 'Windows by day and hour (local time). Where price windows overlap, the first in the list wins.'
            }
          >
            Week
          </CardTitle>
          {canEdit ? (
            <div className="mb-3 flex flex-wrap gap-2">
              <Button size="sm" variant="secondary" onClick={() => addWindow('price')}>
                + Price
              </Button>
              <Button size="sm" variant="secondary" onClick={() => addWindow('free')}>
                + Free
              </Button>
              <Button size="sm" variant="secondary" onClick={() => addWindow('cap')}>
                + Power cap
              </Button>
            </div>
          ) : null}
          {built.gaps.length > 0 ? (
            <div className="mb-3" data-testid="energy-gaps">
              <Alert tone="info">
                <p className="font-semibold">Energy is left unpriced at some times: publishing refuses that.</p>
                <ul className="mt-1 list-disc pl-5">
                  {built.gaps.map((g) => (
                    <li key={g}>{g}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          ) : null}
          <ul className="mb-4 flex flex-wrap gap-2" aria-label="Windows">
            {draft.windows.map((w) => {
              const bad = Object.keys(errors).some((k) => k.startsWith(`${w.id}.`));
              return (
                <li key={w.id}>
                  <button
                    type="button"
                    onClick={() => setActiveId(w.id === activeId ? null : w.id)}
                    aria-pressed={w.id === activeId}
                    className={cx(
                      'flex items-center gap-2 rounded-full border px-3 py-1 text-sm',
                      w.id === activeId ? 'border-primary bg-tint font-medium' : 'border-line hover:bg-tint',
                      bad && 'border-red-400',
                    )}
                  >
                    <span aria-hidden className={cx('h-3 w-3 rounded-sm', swatchOf(draft.windows, w.id))} />
                    {w.name || KIND_LABEL[w.kind]}
                    {w.kind === 'cap' && w.maxKw ? <span className="text-muted">≤ {w.maxKw} kW</span> : null}
                    {w.kind === 'cap' && w.siteCap ? (
                      <span className="text-muted">
                        site ≤ {w.siteCap} {w.siteUnit === '%' ? '% of capacity' : 'kW'}
                      </span>
                    ) : null}
                  </button>
                </li>
              );
            })}
            {draft.windows.length === 0 ? (
              <li className="text-sm text-muted">No windows: the standard prices apply all week.</li>
            ) : null}
          </ul>

          {active ? (
            <WindowEditor
              w={active}
              errors={errors}
              currency={draft.currency}
              canEdit={canEdit}
              onChange={(patch) => setWindow(active.id, patch)}
              onMove={(by) => moveWindow(active.id, by)}
              onRemove={() => removeWindow(active.id)}
              onPaint={paint}
            />
          ) : null}

          <WeekGrid windows={draft.windows} activeId={activeId} onPaint={paint} disabled={readOnly} />
          {draft.keptElements.length + draft.keptFree.length + draft.keptCaps.length > 0 ? (
            <p className="mt-3 text-sm text-muted">
              {draft.keptElements.length + draft.keptFree.length + draft.keptCaps.length} window(s) with conditions the
              grid cannot show (dates, minutes, kWh or power) are kept unchanged.
            </p>
          ) : null}
        </Card>

        <Card>
          <CardTitle description="Bounds on the session price before GST; leave empty for none.">
            Limits and tax
          </CardTitle>
          <div className="grid gap-3 sm:grid-cols-3">
            <Field label="Minimum price (₹)" error={errors.min}>
              <Input
                inputMode="decimal"
                value={draft.minPrice}
                disabled={readOnly}
                placeholder="none"
                onChange={(e) => update((d) => ({ ...d, minPrice: e.target.value }))}
              />
            </Field>
            <Field label="Maximum price (₹)" error={errors.max}>
              <Input
                inputMode="decimal"
                value={draft.maxPrice}
                disabled={readOnly}
                placeholder="none"
                onChange={(e) => update((d) => ({ ...d, maxPrice: e.target.value }))}
              />
            </Field>
            <Field label="Tax (%)" hint="GST, shown separately" error={errors.tax}>
              <Input
                inputMode="decimal"
                value={draft.taxPercent}
                disabled={readOnly}
                onChange={(e) => update((d) => ({ ...d, taxPercent: e.target.value }))}
              />
            </Field>
          </div>
        </Card>

        <Card>
          <CardTitle
            description="A sponsor pays a share of the session, e.g. the first 5 kWh paid by a mall."
            action={
              canEdit ? (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() =>
                    update((d) => ({
                      ...d,
                      sponsors: [
                        ...d.sponsors,
                        { id: newId('sponsor'), label: '', sharePercent: '100', firstKwh: '5', keep: {} },
                      ],
                    }))
                  }
                >
                  + Sponsor
                </Button>
              ) : null
            }
          >
            Sponsors
          </CardTitle>
          {draft.sponsors.length === 0 ? (
            <p className="text-sm text-muted">No sponsor: drivers pay the whole price.</p>
          ) : null}
          <ul className="space-y-3">
            {draft.sponsors.map((s) => (
              <li key={s.id} className="grid items-end gap-3 sm:grid-cols-[2fr_1fr_1fr_auto]">
                <Field label="Paid by" error={errors[`${s.id}.label`]}>
                  <Input
                    value={s.label}
                    disabled={readOnly}
                    placeholder="Mall X"
                    onChange={(e) => setSponsor(s.id, { label: e.target.value })}
                  />
                </Field>
                <Field label="Share (%)" error={errors[`${s.id}.share`]}>
                  <Input
                    inputMode="decimal"
                    value={s.sharePercent}
                    disabled={readOnly}
                    onChange={(e) => setSponsor(s.id, { sharePercent: e.target.value })}
                  />
                </Field>
                <Field label="First kWh" error={errors[`${s.id}.firstKwh`]}>
                  <Input
                    inputMode="decimal"
                    value={s.firstKwh}
                    disabled={readOnly}
                    placeholder="whole session"
                    onChange={(e) => setSponsor(s.id, { firstKwh: e.target.value })}
                  />
                </Field>
                {canEdit ? (
                  <Button
                    variant="ghost"
                    onClick={() => update((d) => ({ ...d, sponsors: d.sponsors.filter((x) => x.id !== s.id) }))}
                  >
                    Remove
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>

        {canEdit ? (
          <div className="sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center gap-3 rounded-lg border border-line bg-surface p-3 shadow-sm">
            <Button
              onClick={onPublish}
              busy={publish.isPending}
              disabled={errorCount > 0 || (!!tariffId && !dirty)}
              data-testid="publish"
            >
              {tariffId ? `Publish version ${latestVersion + 1}` : 'Publish tariff'}
            </Button>
            <span className="text-sm text-muted" role="status">
              {errorCount > 0
                ? `${errorCount} field${errorCount === 1 ? '' : 's'} to fix before publishing`
                : tariffId && !dirty
                  ? 'No changes since the published version'
                  : schedule.later
                    ? 'Sessions that start from then on use it'
                    : 'Takes effect for sessions that start after publishing'}
            </span>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={schedule.later}
                onChange={(e) => setSchedule({ ...schedule, later: e.target.checked })}
              />
              Schedule
            </label>
            {schedule.later ? (
              <div className="w-56">
                <Field label={`Takes effect (${timeZone})`} error={errors.activeFrom}>
                  <Input
                    type="datetime-local"
                    value={schedule.at}
                    onChange={(e) => setSchedule({ ...schedule, at: e.target.value })}
                    aria-label="Takes effect"
                  />
                </Field>
              </div>
            ) : null}
            {tariffId && dirty ? (
              <Button
                variant="ghost"
                onClick={() => {
                  const fresh = fromDefinition(definition);
                  setDraft(fresh);
                  setActiveId(fresh.windows[0]?.id ?? null);
                }}
              >
                Discard changes
              </Button>
            ) : null}
            {errors.general ? <Alert>{errors.general}</Alert> : null}
            {publish.error ? <Alert>{errorMessage(publish.error)}</Alert> : null}
            {done ? <Alert tone="success">{done}</Alert> : null}
          </div>
        ) : null}
      </div>

      {canPreview ? (
        <div className="lg:sticky lg:top-4">
          <PreviewPanel
            draft={Object.keys(built.errors).length > 0 ? null : built.definition}
            published={tariffId ? definition : null}
          />
        </div>
      ) : null}
    </div>
  );
}
