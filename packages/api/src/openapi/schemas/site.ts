import { z } from 'zod';
import { ConnectorStatus, FaultKind, TransactionStatus } from '@magma/db';
import { dateTime, decimal, idName, pageOutput } from './common.ts';

const siteSummary = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string().nullable(),
  timezone: z.string().meta({ description: 'IANA time zone, e.g. Asia/Kolkata' }),
  lat: decimal.nullable(),
  lng: decimal.nullable(),
  archivedAt: dateTime.nullable().meta({ description: 'Set when the site was archived; null for a current site' }),
  vendor: idName.nullable(),
  _count: z.object({ chargers: z.number().int() }),
});

export const siteListOutput = z.array(siteSummary);

export const sitePageOutput = pageOutput(siteSummary);

export const siteOutput = z.object({
  id: z.string(),
  tenantId: z.string(),
  vendorId: z.string().nullable(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string().nullable(),
  timezone: z.string(),
  lat: decimal.nullable(),
  lng: decimal.nullable(),
  gridCapacityKw: decimal.nullable(),
  archivedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const siteDetailOutput = siteOutput.extend({
  chargers: z.array(
    z.object({ id: z.string(), identity: z.string(), status: z.enum(ConnectorStatus), online: z.boolean() }),
  ),
  vendor: idName.nullable(),
});

const idIdentity = z.object({ id: z.string(), identity: z.string() });

export const siteOverviewOutput = z.object({
  site: z.object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    city: z.string(),
    state: z.string(),
    postalCode: z.string().nullable(),
    timezone: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    gridCapacityKw: z.number().nullable(),
    archivedAt: dateTime.nullable(),
    vendor: idName.nullable(),
  }),
  currency: z.string(),
  timezone: z.string().meta({ description: "The tenant's time zone: the day 'today' is counted in" }),
  chargers: z.array(
    z.object({
      id: z.string(),
      identity: z.string(),
      protocol: z.string(),
      vendorName: z.string().nullable(),
      model: z.string().nullable(),
      maxPowerKw: z.number().nullable(),
      online: z.boolean(),
      lastSeenAt: dateTime.nullable(),
      connectors: z.array(
        z.object({
          evseId: z.number().int(),
          connectorId: z.number().int(),
          type: z.string().nullable(),
          status: z.enum(ConnectorStatus),
          livePowerW: z.number().int().nullable(),
          maxPowerKw: z.number().nullable(),
        }),
      ),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.string(),
      evseId: z.number().int(),
      status: z.enum(TransactionStatus),
      startedAt: dateTime,
      stoppedAt: dateTime.nullable(),
      energyWh: z.number().int(),
      costMinor: z.number().int().nullable(),
      taxMinor: z.number().int().nullable(),
      charger: idIdentity,
    }),
  ),
  revenue: z.array(
    z.object({
      label: z.enum(['today', '7d', '30d']),
      since: dateTime,
      sessions: z.number().int(),
      energyWh: z.number(),
      netMinor: z.number().int().meta({ description: 'Priced sessions before tax, minor units' }),
      taxMinor: z.number().int(),
    }),
  ),
  faults: z.array(
    z.object({
      id: z.string(),
      evseId: z.number().int().nullable(),
      connectorId: z.number().int().nullable(),
      kind: z.enum(FaultKind),
      code: z.string(),
      description: z.string().nullable(),
      severity: z.number().int(),
      startedAt: dateTime,
      acknowledgedAt: dateTime.nullable(),
      charger: idIdentity,
    }),
  ),
  nearby: z.array(
    z.object({ id: z.string(), name: z.string(), lat: z.number(), lng: z.number(), chargers: z.number() }),
  ),
});
