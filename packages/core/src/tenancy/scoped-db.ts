import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertValidScope, isVendorScope, type Scope } from './scope.ts';

// The data layer enforces tenancy by construction: a scoped client adds the tenant (and, for a
// vendor user, the vendor) to every where and every written row of a tenant-owned model, and
// refuses writes that name another tenant. Use cases take a Scope and only ever query through this.

type VendorRule =
  | { kind: 'column' } // the model has its own vendorId
  | { kind: 'self' } // the Vendor model: id = vendorId
  | { kind: 'relation'; where: (vendorId: string) => Record<string, unknown> }
  | { kind: 'deny' }; // not visible to vendor users through the scoped client

type ModelRule = { tenant: 'column' | 'self'; vendor: VendorRule };

const viaCharger = (vendorId: string) => ({ charger: { vendorId } });

/** Every tenant-owned model and how its rows are filtered. A model missing here is not reachable. */
export const TENANT_MODELS: Record<string, ModelRule> = {
  Tenant: {
    tenant: 'self',
    vendor: { kind: 'relation', where: (vendorId) => ({ vendors: { some: { id: vendorId } } }) },
  },
  TenantDomain: { tenant: 'column', vendor: { kind: 'deny' } },
  Vendor: { tenant: 'column', vendor: { kind: 'self' } },
  Membership: { tenant: 'column', vendor: { kind: 'column' } },
  Invitation: { tenant: 'column', vendor: { kind: 'column' } },
  Site: { tenant: 'column', vendor: { kind: 'column' } },
  Charger: { tenant: 'column', vendor: { kind: 'column' } },
  Evse: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  Connector: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  IdToken: { tenant: 'column', vendor: { kind: 'column' } },
  Transaction: { tenant: 'column', vendor: { kind: 'column' } },
  MeterSample: {
    tenant: 'column',
    vendor: { kind: 'relation', where: (vendorId) => ({ transaction: { is: { vendorId } } }) },
  },
  // The power chart's rollup (no relation to the charger: vendors read it through the chart's SQL).
  PowerRollup: { tenant: 'column', vendor: { kind: 'deny' } },
  PowerRollupFleet: { tenant: 'column', vendor: { kind: 'column' } },
  StatusEvent: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  Fault: { tenant: 'column', vendor: { kind: 'column' } },
  // Fault emails (#19): a vendor user's own subscription carries its vendor; what was sent is the sender's record.
  FaultSubscription: { tenant: 'column', vendor: { kind: 'column' } },
  FaultNotice: { tenant: 'column', vendor: { kind: 'deny' } },
  ChargerCommand: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  // A vendor user sees the reservations of its own chargers (the use cases hide the operator's card).
  Reservation: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  ChargerMessage: { tenant: 'column', vendor: { kind: 'deny' } },
  // A charger's Basic-auth password rotations hold password hashes: operators only.
  ChargerPasswordRotation: { tenant: 'column', vendor: { kind: 'deny' } },
  // The local authorization list (issue #20): the operator's cards on a charger, operators only.
  ChargerLocalList: { tenant: 'column', vendor: { kind: 'deny' } },
  LocalListSend: { tenant: 'column', vendor: { kind: 'deny' } },
  // The 2.0.1 device model and monitoring (issue #20): vendor users read them through their own charger.
  DeviceReport: { tenant: 'column', vendor: { kind: 'deny' } },
  DeviceReportPart: { tenant: 'column', vendor: { kind: 'deny' } },
  DeviceVariable: { tenant: 'column', vendor: { kind: 'deny' } },
  DeviceMonitor: { tenant: 'column', vendor: { kind: 'deny' } },
  DeviceEvent: { tenant: 'column', vendor: { kind: 'deny' } },
  SecurityEvent: { tenant: 'column', vendor: { kind: 'column' } },
  ChargerDisplayMessage: { tenant: 'column', vendor: { kind: 'deny' } },
  DisplayMessageReport: { tenant: 'column', vendor: { kind: 'deny' } },
  // OCPP security (issue #20): the operator's CA (sealed keys), certificates issued to and installed on chargers.
  CertificateAuthority: { tenant: 'column', vendor: { kind: 'deny' } },
  IssuedCertificate: { tenant: 'column', vendor: { kind: 'deny' } },
  InstalledCertificate: { tenant: 'column', vendor: { kind: 'deny' } },
  // Firmware images, updates and log uploads (issue #20): the operator's, never a vendor's.
  FirmwareImage: { tenant: 'column', vendor: { kind: 'deny' } },
  FirmwareRequest: { tenant: 'column', vendor: { kind: 'deny' } },
  FirmwareStatusEvent: { tenant: 'column', vendor: { kind: 'deny' } },
  ChargerLogRequest: { tenant: 'column', vendor: { kind: 'deny' } },
  LogStatusEvent: { tenant: 'column', vendor: { kind: 'deny' } },
  CustomerInformationRequest: { tenant: 'column', vendor: { kind: 'deny' } },
  CustomerInformationPart: { tenant: 'column', vendor: { kind: 'deny' } },
  CustomerDataErasure: { tenant: 'column', vendor: { kind: 'deny' } },
  // Plug & Charge (issue #20): contract trust anchors, the provider's sealed secret, OCSP answers.
  ContractTrustAnchor: { tenant: 'column', vendor: { kind: 'deny' } },
  PlugAndChargeSettings: { tenant: 'column', vendor: { kind: 'deny' } },
  OcspResponseCache: { tenant: 'column', vendor: { kind: 'deny' } },
  // Smart charging (issue #21): a vendor user reads the profiles and schedules of its own chargers.
  ChargingProfile: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  ReportedChargingProfile: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  CompositeSchedule: { tenant: 'column', vendor: { kind: 'relation', where: viaCharger } },
  // Vendor users read a site's circuits through get-site-allocation, which checks the site in their scope.
  LoadCircuit: { tenant: 'column', vendor: { kind: 'deny' } },
  LoadCircuitEvse: { tenant: 'column', vendor: { kind: 'deny' } },
  // 2.0.1 K messages kept per EVSE (no relation to Charger): read through use cases that check the charger.
  EvChargingNeeds: { tenant: 'column', vendor: { kind: 'deny' } },
  EvChargingSchedule: { tenant: 'column', vendor: { kind: 'deny' } },
  ExternalChargingLimit: { tenant: 'column', vendor: { kind: 'deny' } },
  Tariff: { tenant: 'column', vendor: { kind: 'deny' } },
  TariffVersion: { tenant: 'column', vendor: { kind: 'deny' } },
  // Gateway accounts hold sealed secrets: operator admins only, never a vendor.
  PaymentAccount: { tenant: 'column', vendor: { kind: 'deny' } },
  Payment: {
    tenant: 'column',
    vendor: { kind: 'relation', where: (vendorId) => ({ transaction: { is: { vendorId } } }) },
  },
  EmailOutbox: { tenant: 'column', vendor: { kind: 'deny' } },
  DriverSession: { tenant: 'column', vendor: { kind: 'deny' } },
  AuditLog: { tenant: 'column', vendor: { kind: 'deny' } },
  // Webhook endpoints hold sealed secrets, and their deliveries every event of the tenant: admins only.
  WebhookEndpoint: { tenant: 'column', vendor: { kind: 'deny' } },
  ExportDestination: { tenant: 'column', vendor: { kind: 'deny' } },
  ExportRun: { tenant: 'column', vendor: { kind: 'deny' } },
  // Grid operators' connections hold sealed tokens: operator admins only, never a vendor.
  OscpConnection: { tenant: 'column', vendor: { kind: 'deny' } },
  OscpForecast: { tenant: 'column', vendor: { kind: 'deny' } },
  OscpMeasurement: { tenant: 'column', vendor: { kind: 'deny' } },
  OscpSignal: { tenant: 'column', vendor: { kind: 'deny' } },
  WebhookDelivery: { tenant: 'column', vendor: { kind: 'deny' } },
  WebhookAttempt: { tenant: 'column', vendor: { kind: 'deny' } },
  // Every event of the tenant; the event stream reads it with its own tenant and vendor filter.
  EventLog: { tenant: 'column', vendor: { kind: 'deny' } },
  // API clients (OAuth) are managed by operator admins only. Personal tokens are each user's own
  // (the use cases also filter by user); a vendor user reaches only tokens of its vendor's members.
  ApiClient: { tenant: 'column', vendor: { kind: 'deny' } },
  PersonalApiToken: {
    tenant: 'column',
    vendor: { kind: 'relation', where: (vendorId) => ({ user: { memberships: { some: { vendorId } } } }) },
  },
  // The ledger (issue #17): a vendor user sees its own payable, postings, terms, statements and payouts.
  LedgerAccount: { tenant: 'column', vendor: { kind: 'column' } },
  JournalEntry: { tenant: 'column', vendor: { kind: 'column' } },
  JournalLine: { tenant: 'column', vendor: { kind: 'relation', where: (vendorId) => ({ entry: { vendorId } }) } },
  SplitTerms: { tenant: 'column', vendor: { kind: 'column' } },
  TaxRateSetting: { tenant: 'column', vendor: { kind: 'deny' } },
  SettlementConfig: { tenant: 'column', vendor: { kind: 'deny' } },
  SettlementWeek: {
    tenant: 'column',
    vendor: { kind: 'relation', where: (vendorId) => ({ statements: { some: { vendorId } } }) },
  },
  SettlementStatement: { tenant: 'column', vendor: { kind: 'column' } },
  VendorFundAccount: { tenant: 'column', vendor: { kind: 'column' } },
  PayoutRun: { tenant: 'column', vendor: { kind: 'deny' } },
  Payout: { tenant: 'column', vendor: { kind: 'column' } },
  PayoutEvent: { tenant: 'column', vendor: { kind: 'relation', where: (vendorId) => ({ payout: { vendorId } }) } },
  PayoutRailAccount: { tenant: 'column', vendor: { kind: 'deny' } },
  VendorLinkedAccount: { tenant: 'column', vendor: { kind: 'column' } },
  RouteTransferReversal: { tenant: 'column', vendor: { kind: 'column' } },
  StatementEmail: { tenant: 'column', vendor: { kind: 'column' } },
  // Users are global; a scoped client sees only the members of its tenant and never writes them.
  User: {
    tenant: 'self',
    vendor: { kind: 'relation', where: (vendorId) => ({ memberships: { some: { vendorId } } }) },
  },
};

const READS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);
const WHERE_WRITES = new Set(['update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany']);
const CREATES = new Set(['create', 'createMany', 'createManyAndReturn']);

type Where = Record<string, unknown>;
type Data = Record<string, unknown>;

function scopeFilter(model: string, rule: ModelRule, scope: Scope): Where {
  const parts: Where[] = [];
  if (model === 'User') parts.push({ memberships: { some: { tenantId: scope.tenantId } } });
  else parts.push(rule.tenant === 'self' ? { id: scope.tenantId } : { tenantId: scope.tenantId });
  if (isVendorScope(scope)) {
    const v = rule.vendor;
    if (v.kind === 'deny') throw new AppError('FORBIDDEN', 'Vendor accounts cannot see this');
    if (v.kind === 'column') parts.push({ vendorId: scope.vendorId });
    if (v.kind === 'self') parts.push({ id: scope.vendorId });
    if (v.kind === 'relation') parts.push(v.where(scope.vendorId));
  }
  return parts.length === 1 ? parts[0]! : { AND: parts };
}

function withFilter(where: Where | undefined, filter: Where): Where {
  const w = where ?? {};
  const existing = w.AND === undefined ? [] : Array.isArray(w.AND) ? w.AND : [w.AND];
  return { ...w, AND: [...existing, filter] };
}

function guardData(model: string, rule: ModelRule, scope: Scope, data: Data, creating: boolean): Data {
  if ('tenant' in data) throw new AppError('FORBIDDEN', `${model}: set tenantId, not the tenant relation`);
  if (rule.tenant === 'self') {
    if (creating) throw new AppError('FORBIDDEN', `${model} cannot be created through a tenant scope`);
    if ('id' in data && data.id !== scope.tenantId) throw new AppError('FORBIDDEN', 'Cannot move rows across tenants');
    return data;
  }
  if ('tenantId' in data && data.tenantId !== scope.tenantId) {
    throw new AppError('FORBIDDEN', 'Cannot write rows of another tenant');
  }
  const out: Data = creating ? { ...data, tenantId: scope.tenantId } : { ...data };
  if (isVendorScope(scope) && rule.vendor.kind === 'column') {
    if ('vendor' in data) throw new AppError('FORBIDDEN', `${model}: set vendorId, not the vendor relation`);
    if ('vendorId' in data && data.vendorId !== scope.vendorId) {
      throw new AppError('FORBIDDEN', 'Cannot write rows of another vendor');
    }
    if (creating) out.vendorId = scope.vendorId;
  }
  return out;
}

function guardMany(model: string, rule: ModelRule, scope: Scope, data: unknown, creating: boolean): unknown {
  if (Array.isArray(data)) return data.map((d) => guardData(model, rule, scope, d as Data, creating));
  return guardData(model, rule, scope, data as Data, creating);
}

/** A Prisma client that can only see and write the rows `scope` may reach. */
export function scopedDb(db: Db, scope: Scope): ScopedDb {
  assertValidScope(scope);
  const extended = db.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const rule = TENANT_MODELS[model];
          if (!rule) throw new AppError('FORBIDDEN', `${model} is not reachable through a tenant scope`);
          const a = { ...(args as Record<string, unknown>) };
          if (model === 'User' && !READS.has(operation)) {
            throw new AppError('FORBIDDEN', 'Users are written by their own use cases, not through a tenant scope');
          }
          if (READS.has(operation) || WHERE_WRITES.has(operation)) {
            a.where = withFilter(a.where as Where | undefined, scopeFilter(model, rule, scope));
          }
          if (WHERE_WRITES.has(operation) && a.data) a.data = guardMany(model, rule, scope, a.data, false);
          if (CREATES.has(operation)) {
            scopeFilter(model, rule, scope); // a vendor user cannot create rows of models it cannot see
            a.data = guardMany(model, rule, scope, a.data, true);
          }
          if (operation === 'upsert') {
            a.where = withFilter(a.where as Where, scopeFilter(model, rule, scope));
            a.create = guardData(model, rule, scope, a.create as Data, true);
            a.update = guardData(model, rule, scope, a.update as Data, false);
          }
          return query(a as typeof args);
        },
      },
    },
  });
  // A query-only extension leaves the client's surface unchanged; `Db` (an InstanceType of the
  // generated client) loses the generics `$extends` needs to infer that, so say it here once.
  return extended as unknown as ScopedDb;
}

/** The same surface as Db; the name records that every query is filtered by a Scope. */
export type ScopedDb = Db;
