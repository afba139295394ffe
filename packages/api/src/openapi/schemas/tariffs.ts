import { z } from 'zod';
import { ConnectorType } from '@magma/db';
import type { TariffVersionEntry } from '@magma/core/tariffs';
import { dateTime } from './common.ts';

const int = () => z.number().int();
const days = z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']);

/** The definition as published: the same shape the publish route takes (elements, idle, free windows, …). */
const definition = z
  .custom<TariffVersionEntry['definition']>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
  .meta({
    override: {
      type: 'object',
      required: ['currency', 'minorUnits', 'taxRateBps', 'elements'],
      properties: {
        currency: { type: 'string' },
        minorUnits: { type: 'integer' },
        taxRateBps: { type: 'integer' },
        elements: { type: 'array', items: { type: 'object' } },
      },
      description: 'A tariff definition: the `definition` of POST /tariffs, with every default filled in',
    },
  });

const assignment = {
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  connectorType: z.enum(ConnectorType).nullable(),
  priority: int(),
};

const version = z.object({ id: z.string(), version: int(), activeFrom: dateTime, publishedAt: dateTime });

const summary = z.object({
  ...assignment,
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  archived: z.boolean(),
  current: version.nullable(),
  latestVersion: int(),
  updatedAt: dateTime,
});

export const tariffListOutput = z.array(summary);

export const tariffDetailOutput = summary.extend({
  timeZone: z.string(),
  versions: z.array(
    version.extend({
      publishedBy: z.string().nullable(),
      definition,
      changes: z.array(z.string()),
    }),
  ),
});

export const tariffPreviewOutput = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    timeZone: z.string(),
    day: days,
    currency: z.string(),
    minorUnits: int(),
    results: z.array(
      z.object({
        key: z.string(),
        example: z.object({
          label: z.string().optional(),
          day: days,
          startTime: z.string(),
          energyKwh: z.number(),
          powerKw: z.number(),
          idleMinutes: z.number(),
        }),
        startAt: dateTime,
        chargingEndsAt: dateTime,
        endedAt: dateTime,
        lines: z.array(
          z.object({
            dimension: z.enum(['ENERGY', 'TIME', 'PARKING', 'FLAT', 'MIN_PRICE', 'MAX_PRICE']),
            label: z.string(),
            quantity: z.number(),
            unit: z.enum(['mWh', 'ms', 'session']),
            amountMinor: int(),
            taxMinor: int(),
            sponsorMinor: int(),
            free: z.boolean(),
          }),
        ),
        subtotalMinor: int(),
        taxMinor: int(),
        totalMinor: int(),
        sponsorMinor: int(),
        driverMinor: int(),
      }),
    ),
  }),
  z.object({
    ok: z.literal(false),
    timeZone: z.string(),
    day: days,
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
]);

export const tariffPublishedOutput = z.object({
  tariffId: z.string(),
  versionId: z.string(),
  version: int(),
  activeFrom: dateTime,
  definition,
});

export const tariffAssignedOutput = z.object({
  id: z.string(),
  name: z.string(),
  siteId: z.string().nullable(),
  connectorType: z.enum(ConnectorType).nullable(),
  priority: int(),
});

export const tariffArchivedOutput = z.object({ id: z.string(), archived: z.boolean() });
