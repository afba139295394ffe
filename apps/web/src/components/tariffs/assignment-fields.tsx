'use client';

import { Field, Input, Select } from '@magma/ui';
import { CONNECTOR_TYPES } from './connector-types.ts';

export type AssignmentMeta = { siteId: string; connectorType: string; priority: string };

/** Site, connector type and priority: shared by the new-tariff card and the assignment form. */
export function AssignmentFields<M extends AssignmentMeta>({
  meta,
  setMeta,
  sites,
  disabled,
}: {
  meta: M;
  setMeta: (m: M) => void;
  sites: { id: string; name: string }[];
  disabled?: boolean;
}) {
  return (
    <>
      <Field label="Site" hint="Empty = every site">
        <Select
          value={meta.siteId}
          disabled={disabled}
          onChange={(e) => setMeta({ ...meta, siteId: e.target.value })}
          aria-label="Site"
        >
          <option value="">All sites (fleet-wide)</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Connector type">
        <Select
          value={meta.connectorType}
          disabled={disabled}
          onChange={(e) => setMeta({ ...meta, connectorType: e.target.value })}
          aria-label="Connector type"
        >
          <option value="">Any connector</option>
          {CONNECTOR_TYPES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Priority" hint="Higher wins between equally specific tariffs">
        <Input
          inputMode="numeric"
          value={meta.priority}
          disabled={disabled}
          onChange={(e) => setMeta({ ...meta, priority: e.target.value })}
        />
      </Field>
    </>
  );
}
