'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { useConfirm } from '@/components/confirm-dialog.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';

// Editing a site's circuit tree (#21), for operator admins on the load-balancing page: add, change
// and delete circuits (capacity in A and/or kW, phases, voltage, safety margin, policy, hysteresis)
// and put an EVSE under a circuit with its current range and priority. The server checks the tree
// (one root, no cycles, a child within its parent) and its refusal is shown in the form. A circuit
// also says what its EVSEs may draw while their charger has lost the CSMS (the offline fallback).

type Policy = 'EQUAL_SHARE' | 'PRIORITY' | 'FIRST_COME';
const POLICY: Record<Policy, string> = { EQUAL_SHARE: 'Equal share', PRIORITY: 'Priority', FIRST_COME: 'First come' };

export type EditableCircuit = {
  id: string;
  parentId: string | null;
  name: string;
  phases: number;
  voltageV: number;
  maxCurrentA: number | null;
  maxPowerW: number | null;
  safetyMarginPct: number;
  policy: Policy;
  hysteresisA: number;
  /** What an EVSE under it may draw while its charger has lost us (A per phase); null: the parent's. */
  fallbackCurrentA: number | null;
};

export type AssignedEvse = {
  chargerId: string;
  evseId: number;
  circuitId: string;
  phases: number;
  minCurrentA: number;
  maxCurrentA: number;
  priority: number;
};

/** An EVSE of the site, whether under a circuit or not. */
export type SiteEvse = { chargerId: string; identity: string; evseId: number };

const num = (f: FormData, k: string) => {
  const v = String(f.get(k) ?? '').trim();
  return v === '' ? null : Number(v);
};

type NumberRow = {
  label: string;
  name: string;
  min: number;
  max: number;
  step: number;
  defaultValue: number | undefined;
  hint?: string;
  required?: boolean;
};

/** The labelled number inputs of the circuit and assignment forms. */
function NumberFields({ rows }: { rows: NumberRow[] }) {
  return rows.map(({ label, hint, defaultValue, ...input }) => (
    <Field key={input.name} label={label} hint={hint}>
      <Input type="number" defaultValue={defaultValue} {...input} />
    </Field>
  ));
}

const capacityRows = (c: EditableCircuit | null): NumberRow[] => [
  {
    label: 'Capacity (A per phase)',
    hint: 'And/or kW: the lower applies',
    name: 'maxCurrentA',
    min: 0.1,
    max: 100000,
    step: 0.1,
    defaultValue: c?.maxCurrentA ?? undefined,
  },
  {
    label: 'Capacity (kW)',
    name: 'maxPowerKw',
    min: 0.001,
    max: 1000000,
    step: 0.001,
    defaultValue: c?.maxPowerW == null ? undefined : c.maxPowerW / 1000,
  },
];

const electricalRows = (c: EditableCircuit | null): NumberRow[] => [
  {
    label: 'Voltage (V)',
    name: 'voltageV',
    min: 100,
    max: 500,
    step: 1,
    required: true,
    defaultValue: c?.voltageV ?? 230,
  },
  {
    label: 'Safety margin (%)',
    name: 'safetyMarginPct',
    min: 0,
    max: 90,
    step: 0.1,
    required: true,
    defaultValue: c?.safetyMarginPct ?? 0,
  },
  {
    label: 'Hysteresis (A)',
    hint: 'Smaller changes are not sent',
    name: 'hysteresisA',
    min: 0,
    max: 32,
    step: 0.1,
    required: true,
    defaultValue: c?.hysteresisA ?? 1,
  },
];

const assignmentRows = (a: AssignedEvse | undefined): NumberRow[] => [
  {
    label: 'Minimum current (A)',
    hint: '6 A is the least a vehicle charges with',
    name: 'minCurrentA',
    min: 0,
    max: 1000,
    step: 0.1,
    required: true,
    defaultValue: a?.minCurrentA ?? 6,
  },
  {
    label: 'Maximum current (A)',
    name: 'maxCurrentA',
    min: 0.1,
    max: 1000,
    step: 0.1,
    required: true,
    defaultValue: a?.maxCurrentA ?? 32,
  },
  {
    label: 'Priority',
    hint: 'Higher first, under the Priority policy',
    name: 'priority',
    min: -1000,
    max: 1000,
    step: 1,
    required: true,
    defaultValue: a?.priority ?? 0,
  },
];

function PhasesField({ defaultValue }: { defaultValue: number | undefined }) {
  return (
    <Field label="Phases">
      <Select name="phases" defaultValue={String(defaultValue ?? 3)}>
        <option value="3">3</option>
        <option value="1">1</option>
      </Select>
    </Field>
  );
}

/** What the row and the form say of a circuit's offline fallback. */
export function fallbackLabel(c: Pick<EditableCircuit, 'parentId' | 'fallbackCurrentA'>): string {
  if (c.fallbackCurrentA === null) return c.parentId ? 'as its parent circuit' : 'each EVSE’s minimum current';
  return c.fallbackCurrentA === 0 ? 'paused (0 A)' : `${c.fallbackCurrentA} A per phase`;
}

/**
 * The offline fallback: inherited (the parent's; at the top, each EVSE's minimum) or a fixed current.
 * Each balanced EVSE holds it as a charging profile, so a session that starts while its charger is
 * cut off from us draws at most that (0: it waits for us); sessions already running keep their limit.
 */
function FallbackFields({ circuit }: { circuit: EditableCircuit | null }) {
  const [fixed, setFixed] = useState(circuit?.fallbackCurrentA != null);
  return (
    <>
      <Field
        label="If the charger loses us"
        hint="What a session starting while a charger is offline may draw, as a profile the charger keeps"
      >
        <Select
          name="fallbackMode"
          value={fixed ? 'fixed' : 'inherit'}
          onChange={(e) => setFixed(e.currentTarget.value === 'fixed')}
        >
          <option value="inherit">Inherit: the parent circuit’s, at the top each EVSE’s minimum</option>
          <option value="fixed">A fixed current</option>
        </Select>
      </Field>
      {fixed ? (
        <Field
          label="Offline current (A per phase)"
          hint="0 pauses new sessions while offline; above an EVSE’s maximum it gets its maximum"
        >
          <Input
            type="number"
            name="fallbackCurrentA"
            min={0}
            max={1000}
            step={0.1}
            required
            defaultValue={circuit?.fallbackCurrentA ?? 6}
          />
        </Field>
      ) : null}
    </>
  );
}

/** The frame both forms share: a titled grid with the server's refusal above the fields. */
function EditorForm({
  title,
  error,
  onSubmit,
  children,
}: {
  title: string;
  error: unknown;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      aria-label={title}
      className="grid grid-cols-1 gap-3 rounded-lg border border-line p-4 sm:grid-cols-3"
    >
      <h3 className="text-sm font-semibold sm:col-span-3">{title}</h3>
      {error ? (
        <div className="sm:col-span-3">
          <Alert>{errorMessage(error)}</Alert>
        </div>
      ) : null}
      {children}
    </form>
  );
}

function CircuitForm({
  siteId,
  circuits,
  circuit,
  onDone,
}: {
  siteId: string;
  circuits: EditableCircuit[];
  circuit: EditableCircuit | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(
    trpc.loadBalancing.upsertCircuit.mutationOptions({ onSuccess: () => (onDone(), refresh()) }),
  );
  const title = circuit ? `Edit ${circuit.name}` : 'Add a circuit';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const kw = num(f, 'maxPowerKw');
    save.mutate({
      siteId,
      ...(circuit ? { id: circuit.id } : {}),
      name: String(f.get('name') ?? ''),
      parentId: String(f.get('parentId') ?? '') || null,
      maxCurrentA: num(f, 'maxCurrentA'),
      maxPowerW: kw === null ? null : Math.round(kw * 1000),
      phases: num(f, 'phases') === 1 ? 1 : 3,
      voltageV: num(f, 'voltageV') ?? 230,
      safetyMarginPct: num(f, 'safetyMarginPct') ?? 0,
      policy: String(f.get('policy')) as Policy,
      hysteresisA: num(f, 'hysteresisA') ?? 1,
      fallbackCurrentA: f.get('fallbackMode') === 'fixed' ? num(f, 'fallbackCurrentA') : null,
    });
  };
  const parents = circuits.filter((c) => c.id !== circuit?.id);
  return (
    <EditorForm title={title} error={save.error} onSubmit={submit}>
      <Field label="Name">
        <Input name="name" required maxLength={100} defaultValue={circuit?.name} />
      </Field>
      <Field label="Parent circuit">
        <Select name="parentId" defaultValue={circuit?.parentId ?? ''}>
          <option value="">None (the site&apos;s main supply)</option>
          {parents.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Policy">
        <Select name="policy" defaultValue={circuit?.policy ?? 'EQUAL_SHARE'}>
          {Object.entries(POLICY).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
      <NumberFields rows={capacityRows(circuit)} />
      <PhasesField defaultValue={circuit?.phases} />
      <NumberFields rows={electricalRows(circuit)} />
      <FallbackFields circuit={circuit} />
      <div className="flex gap-2 sm:col-span-3">
        <Button type="submit" busy={save.isPending}>
          Save circuit
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </EditorForm>
  );
}

function AssignForm({
  circuits,
  siteEvses,
  assigned,
}: {
  circuits: EditableCircuit[];
  siteEvses: SiteEvse[];
  assigned: AssignedEvse[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const assign = useMutation(trpc.loadBalancing.assignEvse.mutationOptions({ onSuccess: refresh }));
  const [picked, setPicked] = useState(siteEvses[0] ? `${siteEvses[0].chargerId}:${siteEvses[0].evseId}` : '');
  const current = assigned.find((a) => `${a.chargerId}:${a.evseId}` === picked);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const [chargerId = '', evseId = '0'] = picked.split(':');
    const circuitId = String(f.get('circuitId') ?? '') || null;
    assign.mutate({
      chargerId,
      evseId: Number(evseId),
      circuitId,
      phases: num(f, 'phases') === 1 ? 1 : 3,
      minCurrentA: num(f, 'minCurrentA') ?? 6,
      maxCurrentA: num(f, 'maxCurrentA') ?? 32,
      priority: num(f, 'priority') ?? 0,
    });
  };
  if (!siteEvses.length) return <p className="text-sm text-muted">This site has no charger with an EVSE yet.</p>;
  return (
    // Keyed by the EVSE picked so that its current settings fill the form.
    <EditorForm key={picked} title="Assign an EVSE" error={assign.error} onSubmit={submit}>
      <Field label="EVSE">
        <Select name="evse" value={picked} onChange={(e) => setPicked(e.currentTarget.value)}>
          {siteEvses.map((e) => (
            <option key={`${e.chargerId}:${e.evseId}`} value={`${e.chargerId}:${e.evseId}`}>
              {e.identity} #{e.evseId}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Circuit">
        <Select name="circuitId" defaultValue={current?.circuitId ?? circuits[0]?.id ?? ''}>
          {circuits.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
          <option value="">None (not load balanced)</option>
        </Select>
      </Field>
      <PhasesField defaultValue={current?.phases} />
      <NumberFields rows={assignmentRows(current)} />
      <div className="sm:col-span-3">
        <Button type="submit" variant="secondary" busy={assign.isPending}>
          Save assignment
        </Button>
      </div>
    </EditorForm>
  );
}

export function CircuitEditor({
  siteId,
  circuits,
  assigned,
  siteEvses,
}: {
  siteId: string;
  circuits: EditableCircuit[];
  assigned: AssignedEvse[];
  siteEvses: SiteEvse[];
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [editing, setEditing] = useState<EditableCircuit | 'new' | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  const remove = useMutation(trpc.loadBalancing.deleteCircuit.mutationOptions({ onSuccess: refresh }));
  const askDelete = async (c: EditableCircuit) => {
    const below = new Set([c.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const x of circuits) {
        if (x.parentId && below.has(x.parentId) && !below.has(x.id)) {
          below.add(x.id);
          grew = true;
        }
      }
    }
    const evses = assigned.filter((a) => below.has(a.circuitId)).length;
    const ok = await confirm({
      title: `Delete circuit ${c.name}?`,
      body: `${below.size > 1 ? `Its ${below.size - 1} sub-circuit(s) are deleted with it, and ` : ''}${evses} EVSE(s) under it are taken out of load balancing. The site is rebalanced without it; this cannot be undone.`,
      confirmLabel: 'Delete circuit',
    });
    if (ok) remove.mutate({ siteId, id: c.id });
  };
  return (
    <div className="space-y-4" data-testid="circuit-editor">
      {confirmDialog}
      {remove.error ? <Alert>{errorMessage(remove.error)}</Alert> : null}
      {circuits.length ? (
        <ul className="divide-y divide-line rounded-lg border border-line">
          {circuits.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="circuit-row">
              <span>
                <span className="font-medium">{c.name}</span>
                <span className="block text-xs text-muted">Offline: {fallbackLabel(c)}</span>
              </span>
              <span className="flex gap-2">
                <Button size="sm" variant="secondary" onClick={() => setEditing(c)} aria-label={`Edit ${c.name}`}>
                  Edit
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  busy={remove.isPending && remove.variables?.id === c.id}
                  onClick={() => void askDelete(c)}
                  aria-label={`Delete ${c.name}`}
                >
                  Delete
                </Button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        <CircuitForm
          key={editing === 'new' ? 'new' : editing.id}
          siteId={siteId}
          circuits={circuits}
          circuit={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setEditing('new')}>
          Add a circuit
        </Button>
      )}
      {circuits.length ? <AssignForm circuits={circuits} siteEvses={siteEvses} assigned={assigned} /> : null}
    </div>
  );
}
