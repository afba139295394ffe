import type { ContractFixture } from './fixture.ts';

// What every REST route is, for the contract test: who may call it, with what, and what a permitted
// caller gets. Keyed by the document's "METHOD /path": a route the document serves without an entry
// here fails the test, and so does an entry for a route that is gone.
//
//   who     admin: operator admins only; operator: admins and staff; member: vendor users too (scoped)
//   input   path parameters, query and body naming tenant A's rows (vendor A-One's where a vendor may)
//   ok      what an allowed caller gets (default 200). The world's chargers are offline: a remote
//           action answers 200 with the OFFLINE outcome it recorded, or 409 where the use case refuses
//           to record one; no gateway, S3 or DNS server is reachable, and their tests say so in 200.
//   foreign the same call naming tenant B's row: tenant A's admin gets 404 (and staff, on routes
//           staff may call, so a write by staff changes nothing)
//   vendorForeign  naming vendor A-Two's row: vendor A-One's client gets 404

export type Input = { path?: Record<string, string>; query?: Record<string, string>; body?: unknown };
type Build = (f: ContractFixture) => Input;
export type RouteCase = {
  who: 'admin' | 'operator' | 'member';
  input?: Build;
  ok?: number;
  /** A vendor user's answer when it differs from `ok` (e.g. a route whose use case is operators'). */
  vendor?: number;
  foreign?: Build;
  vendorForeign?: Build;
};

const NO_SUCH = '00000000-0000-4000-8000-000000000000';
// A self-signed P-256 certificate (openssl req -x509), for the Plug & Charge trust anchor route.
const CONTRACT_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBwTCCAWegAwIBAgIUP6Ed0lMa4SMHDoL8+YNR+W1mf1kwCgYIKoZIzj0EAwIw
NjEfMB0GA1UEAwwWQ29udHJhY3QgVGVzdCBWMkcgUm9vdDETMBEGA1UECgwKTWFn
bWEgVGVzdDAeFw0yNjEyMDUxOTA0NDlaFw0zNjEyMDIxOTA0NDlaMDYxHzAdBgNV
BAMMFkNvbnRyYWN0IFRlc3QgVjJHIFJvb3QxEzARBgNVBAoMCk1hZ21hIFRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQYw84xEN3ZmYIQmQuWJ9SgRqg4sAym
mM4DkibxVqqM4d+HH1vWIYme/8iMP0LLpZtkgIvZUMZnRMHUkRdaw7VWo1MwUTAd
BgNVHQ4EFgQUaRJkflIM1b7hUt9sPMYTl+rKNNgwHwYDVR0jBBgwFoAUaRJkflIM
1b7hUt9sPMYTl+rKNNgwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiAW928CtxrR8zlNd1FymuQ7AusDCn8KBgI+tQ/sU530DgIhANPmHRqwcwD8mUuq
RSPecrp6UC53hnGAMa1REVsGeiiX
-----END CERTIFICATE-----`;
const flat = { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800 }] }] };
const soon = () => new Date(Date.now() + 3_600_000).toISOString();
const id = (value: string): Input => ({ path: { id: value } });
const charger = (chargerId: string, body?: unknown): Input => ({ path: { chargerId }, body });
const OFFLINE = 409;

export const ROUTES: Record<string, RouteCase> = {
  'GET /activity': { who: 'admin' },

  'GET /api-clients': { who: 'admin' },
  'POST /api-clients': {
    who: 'admin',
    input: () => ({ body: { name: 'Contract ERP', role: 'OPERATOR_STAFF', scopes: ['sessions:read'] } }),
  },
  'PUT /api-clients/{id}/enabled': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.apiClient }, body: { enabled: true } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: { enabled: false } }),
  },
  'POST /api-clients/{id}/secret-rotations': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.apiClient }, body: { overlapMs: 0 } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: {} }),
  },

  'GET /firmware-images': { who: 'operator' },
  'POST /firmware-images': { who: 'operator', input: () => ({ body: { version: '1.2.3', fileName: 'contract.bin' } }) },

  'GET /charger-onboarding': { who: 'admin' },
  'PUT /charger-onboarding/policy': { who: 'admin', input: () => ({ body: { policy: 'PENDING' } }) },
  'GET /chargers': { who: 'member' },
  'POST /chargers': {
    who: 'admin',
    input: (f) => ({ body: { identity: 'CONTRACT-NEW-1', siteId: f.w.sa1.id } }),
    foreign: (f) => ({ body: { identity: 'CONTRACT-SNEAK-1', siteId: f.w.sb1.id } }),
  },
  'POST /chargers/import': {
    who: 'admin',
    input: () => ({ body: { csv: 'identity,protocol,connectors\nCONTRACT-IMP-1,ocpp1.6,1\n' } }),
  },
  'GET /chargers/{id}': {
    who: 'member',
    input: (f) => id(f.w.ca1.id),
    foreign: (f) => id(f.w.cb1.id),
    vendorForeign: (f) => id(f.w.ca2.id),
  },
  'PATCH /chargers/{id}': {
    who: 'admin',
    input: (f) => ({ path: { id: f.w.ca1.id }, body: { patch: { model: 'Contract AC 22' } } }),
    foreign: (f) => ({ path: { id: f.w.cb1.id }, body: { patch: { model: 'Pwned' } } }),
  },
  'GET /chargers/{chargerId}/detail': {
    who: 'member',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
    vendorForeign: (f) => charger(f.w.ca2.id),
  },
  'POST /chargers/{chargerId}/commands': {
    who: 'member',
    input: (f) => charger(f.w.ca1.id, { action: { kind: 'reset' } }),
    foreign: (f) => charger(f.w.cb1.id, { action: { kind: 'reset' } }),
    vendorForeign: (f) => charger(f.w.ca2.id, { action: { kind: 'reset' } }),
  },
  'PUT /chargers/{chargerId}/registration': {
    who: 'admin',
    input: (f) => charger(f.w.ca1.id, { registration: 'ACCEPTED' }),
    foreign: (f) => charger(f.w.cb1.id, { registration: 'REJECTED' }),
  },
  'PUT /chargers/{chargerId}/password': {
    who: 'admin',
    input: (f) => charger(f.w.ca1.id, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'DELETE /chargers/{chargerId}/password': {
    who: 'admin',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'POST /chargers/{chargerId}/password-rotations': {
    who: 'admin',
    input: (f) => charger(f.w.ca1.id, {}),
    ok: OFFLINE,
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'GET /chargers/{chargerId}/charging-profiles': {
    who: 'member',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
    vendorForeign: (f) => charger(f.w.ca2.id),
  },
  'GET /chargers/{chargerId}/ev-charging-state': {
    who: 'member',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
    vendorForeign: (f) => charger(f.w.ca2.id),
  },
  'POST /chargers/{chargerId}/charging-profiles': {
    who: 'operator',
    input: (f) =>
      charger(f.w.ca1.id, {
        evseId: 1,
        purpose: 'TxDefaultProfile',
        kind: 'Absolute',
        stackLevel: 1,
        unit: 'W',
        periods: [{ startPeriod: 0, limit: 7000 }],
      }),
    foreign: (f) =>
      charger(f.w.cb1.id, {
        evseId: 1,
        purpose: 'TxDefaultProfile',
        kind: 'Absolute',
        stackLevel: 1,
        unit: 'W',
        periods: [{ startPeriod: 0, limit: 7000 }],
      }),
  },
  'POST /chargers/{chargerId}/remote-starts-with-limit': {
    who: 'operator',
    input: (f) =>
      charger(f.w.ca1.id, { evseId: 1, idTag: 'CONTRACT1', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }),
    foreign: (f) =>
      charger(f.w.cb1.id, { evseId: 1, idTag: 'CONTRACT1', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] }),
  },
  'POST /chargers/{chargerId}/charging-profiles/clear': {
    who: 'operator',
    input: (f) => charger(f.w.ca1.id, { profileId: 1 }),
    foreign: (f) => charger(f.w.cb1.id, { profileId: 1 }),
  },
  'POST /chargers/{chargerId}/composite-schedules': {
    who: 'operator',
    input: (f) => charger(f.w.ca1.id, { evseId: 1 }),
    foreign: (f) => charger(f.w.cb1.id, { evseId: 1 }),
  },
  'POST /chargers/{chargerId}/charging-profile-reports': {
    who: 'operator',
    input: (f) => charger(f.w.ca1.id, {}),
    // The world's chargers speak OCPP 1.6, which has no GetChargingProfiles.
    ok: 400,
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'GET /chargers/{chargerId}/charging-profile-reports/{requestId}': {
    who: 'member',
    input: (f) => ({ path: { chargerId: f.w.ca1.id, requestId: '77' } }),
    foreign: (f) => ({ path: { chargerId: f.w.cb1.id, requestId: '77' } }),
    vendorForeign: (f) => ({ path: { chargerId: f.w.ca2.id, requestId: '77' } }),
  },
  'GET /connectors': { who: 'member' },

  'GET /chargers/{chargerId}/local-list': {
    who: 'member',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
    vendorForeign: (f) => charger(f.w.ca2.id),
  },
  'GET /local-list/tokens': { who: 'operator', input: () => ({ query: { query: 'CONTRACT' } }) },
  'POST /chargers/{chargerId}/local-list/sends': {
    who: 'operator',
    input: (f) => charger(f.w.ca1.id, { mode: 'FULL', idTokenIds: [f.rows.idToken] }),
    foreign: (f) => charger(f.w.cb1.id, { mode: 'FULL' }),
  },
  'POST /chargers/{chargerId}/local-list/version-requests': {
    who: 'operator',
    input: (f) => charger(f.w.ca1.id, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'POST /chargers/{chargerId}/authorization-cache/clear': {
    who: 'operator',
    input: (f) => charger(f.w.ca1.id, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },

  'GET /chargers/{chargerId}/device-model': {
    who: 'member',
    input: (f) => charger(f.rows.charger201),
    foreign: (f) => charger(f.w.cb1.id),
    vendorForeign: (f) => charger(f.w.ca2.id),
  },
  'GET /chargers/{chargerId}/firmware': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'POST /chargers/{chargerId}/firmware-updates': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { location: 'https://firmware.example.com/fw.bin' }),
    foreign: (f) => charger(f.w.cb1.id, { location: 'https://firmware.example.com/fw.bin' }),
  },
  // The fixture has no firmware image: the image is not found (the charger's is checked first).
  'POST /chargers/{chargerId}/firmware-publications': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { imageId: NO_SUCH }),
    ok: 404,
    foreign: (f) => charger(f.w.cb1.id, { imageId: NO_SUCH }),
  },
  'DELETE /chargers/{chargerId}/firmware-publications/{requestId}': {
    who: 'operator',
    input: (f) => ({ path: { chargerId: f.rows.charger201, requestId: '1' } }),
    ok: 404,
    foreign: (f) => ({ path: { chargerId: f.w.cb1.id, requestId: '1' } }),
  },
  'GET /chargers/{chargerId}/logs': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'POST /chargers/{chargerId}/logs': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { logType: 'SecurityLog' }),
    foreign: (f) => charger(f.w.cb1.id, { logType: 'SecurityLog' }),
  },
  // A charger's certificates (#20): the fixture's chargers are offline, so commands answer with
  // their OFFLINE attempt; the install names the operator's root (made on first use).
  'GET /chargers/{chargerId}/certificates': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'POST /chargers/{chargerId}/certificates/installed': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { certificateType: 'CSMSRootCertificate', operatorRoot: true }),
    foreign: (f) => charger(f.w.cb1.id, { certificateType: 'CSMSRootCertificate', operatorRoot: true }),
  },
  'POST /chargers/{chargerId}/certificates/installed/report': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'DELETE /chargers/{chargerId}/certificates/installed/{installedId}': {
    who: 'operator',
    input: (f) => ({ path: { chargerId: f.rows.charger201, installedId: '00000000-0000-4000-8000-000000000000' } }),
    ok: 404,
    foreign: (f) => ({ path: { chargerId: f.w.cb1.id, installedId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'POST /chargers/{chargerId}/certificates/renewal': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'GET /chargers/{chargerId}/display-messages': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'POST /chargers/{chargerId}/display-messages': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { message: { priority: 'InFront', format: 'UTF8', content: 'Hello' } }),
    foreign: (f) => charger(f.w.cb1.id, { message: { priority: 'InFront', format: 'UTF8', content: 'Hello' } }),
  },
  'POST /chargers/{chargerId}/display-messages/reports': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'DELETE /chargers/{chargerId}/display-messages/{id}': {
    who: 'operator',
    input: (f) => ({ path: { chargerId: f.rows.charger201, id: '1' } }),
    foreign: (f) => ({ path: { chargerId: f.w.cb1.id, id: '1' } }),
  },
  // The fixture's 2.0.1 charger has reported no connector: its pay page is not found.
  'POST /chargers/{chargerId}/display-messages/pay-page': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { evseId: 1 }),
    ok: 404,
    foreign: (f) => charger(f.w.cb1.id, { evseId: 1 }),
  },
  'GET /chargers/{chargerId}/customer-information': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'GET /chargers/{chargerId}/security-events': {
    who: 'member',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
    vendorForeign: (f) => charger(f.w.ca2.id),
  },
  'POST /chargers/{chargerId}/customer-information': {
    who: 'operator',
    input: (f) =>
      charger(f.rows.charger201, { customer: { customerIdentifier: 'driver-7' }, report: true, clear: false }),
    foreign: (f) => charger(f.w.cb1.id, { customer: { customerIdentifier: 'driver-7' }, report: true, clear: false }),
  },
  'GET /chargers/{chargerId}/console': {
    who: 'admin',
    input: (f) => charger(f.w.ca1.id),
    foreign: (f) => charger(f.w.cb1.id),
  },
  'POST /chargers/{chargerId}/console': {
    who: 'admin',
    input: (f) => charger(f.w.ca1.id, { action: 'ClearCache', payload: {} }),
    foreign: (f) => charger(f.w.cb1.id, { action: 'ClearCache', payload: {} }),
  },
  'POST /chargers/{chargerId}/device-model/base-reports': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { reportBase: 'FullInventory' }),
    foreign: (f) => charger(f.w.cb1.id, { reportBase: 'FullInventory' }),
  },
  'POST /chargers/{chargerId}/device-model/reports': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { componentVariables: ['EVSE@1/Power', 'SecurityCtrlr'] }),
    foreign: (f) => charger(f.w.cb1.id, { componentCriteria: ['Problem'] }),
  },
  'POST /chargers/{chargerId}/network-profiles': {
    who: 'admin',
    input: (f) =>
      charger(f.rows.charger201, {
        configurationSlot: 2,
        connectionData: {
          ocppVersion: 'OCPP20',
          ocppTransport: 'JSON',
          ocppCsmsUrl: 'wss://csms.example.test/ocpp',
          messageTimeout: 30,
          securityProfile: 2,
          ocppInterface: 'Wired0',
        },
      }),
    foreign: (f) =>
      charger(f.w.cb1.id, {
        configurationSlot: 2,
        connectionData: {
          ocppVersion: 'OCPP20',
          ocppTransport: 'JSON',
          ocppCsmsUrl: 'ws://csms.example.test/ocpp',
          messageTimeout: 30,
          securityProfile: 1,
          ocppInterface: 'Wired0',
        },
      }),
  },
  'POST /chargers/{chargerId}/evses/{evseId}/reset': {
    who: 'operator',
    input: (f) => ({ path: { chargerId: f.rows.charger201, evseId: '1' }, body: { type: 'Immediate' } }),
    foreign: (f) => ({ path: { chargerId: f.w.cb1.id, evseId: '1' }, body: {} }),
  },
  'POST /chargers/{chargerId}/monitors': {
    who: 'operator',
    input: (f) =>
      charger(f.rows.charger201, {
        monitors: [{ key: 'EVSE@1/Power', type: 'UpperThreshold', value: 11000, severity: 4 }],
      }),
    foreign: (f) =>
      charger(f.w.cb1.id, { monitors: [{ key: 'EVSE@1/Power', type: 'UpperThreshold', value: 11000, severity: 4 }] }),
  },
  'POST /chargers/{chargerId}/monitors/clear': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { ids: [1] }),
    foreign: (f) => charger(f.w.cb1.id, { ids: [1] }),
  },
  'POST /chargers/{chargerId}/monitoring-reports': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, {}),
    foreign: (f) => charger(f.w.cb1.id, {}),
  },
  'POST /chargers/{chargerId}/monitoring-base': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { monitoringBase: 'All' }),
    foreign: (f) => charger(f.w.cb1.id, { monitoringBase: 'All' }),
  },
  'POST /chargers/{chargerId}/monitoring-level': {
    who: 'operator',
    input: (f) => charger(f.rows.charger201, { severity: 4 }),
    foreign: (f) => charger(f.w.cb1.id, { severity: 4 }),
  },

  'GET /sites/{siteId}/load-balancing': {
    who: 'member',
    input: (f) => ({ path: { siteId: f.w.sa1.id } }),
    foreign: (f) => ({ path: { siteId: f.w.sb1.id } }),
    vendorForeign: (f) => ({ path: { siteId: f.w.sa2.id } }),
  },
  'GET /sites/{siteId}/load-balancing/history': {
    who: 'member',
    input: (f) => ({ path: { siteId: f.w.sa1.id } }),
    foreign: (f) => ({ path: { siteId: f.w.sb1.id } }),
    vendorForeign: (f) => ({ path: { siteId: f.w.sa2.id } }),
  },
  'POST /sites/{siteId}/circuits': {
    who: 'admin',
    input: (f) => ({ path: { siteId: f.w.sa1.id }, body: { name: 'Contract feeder', maxCurrentA: 63 } }),
    foreign: (f) => ({ path: { siteId: f.w.sb1.id }, body: { name: 'Sneaky', maxCurrentA: 63 } }),
  },
  'DELETE /sites/{siteId}/circuits/{id}': {
    who: 'admin',
    input: (f) => ({ path: { siteId: f.w.sa1.id, id: f.rows.circuitToDelete } }),
    foreign: (f) => ({ path: { siteId: f.w.sb1.id, id: NO_SUCH } }),
  },
  'PUT /chargers/{chargerId}/evses/{evseId}/circuit': {
    who: 'admin',
    input: (f) => ({ path: { chargerId: f.w.ca1.id, evseId: '1' }, body: { circuitId: f.rows.circuit } }),
    foreign: (f) => ({ path: { chargerId: f.w.cb1.id, evseId: '1' }, body: { circuitId: null } }),
  },

  'GET /sites/{siteId}/grid-operators': {
    who: 'admin',
    input: (f) => ({ path: { siteId: f.w.sa1.id } }),
    foreign: (f) => ({ path: { siteId: f.w.sb1.id } }),
  },
  'PUT /sites/{siteId}/grid-operators': {
    who: 'admin',
    input: (f) => ({
      path: { siteId: f.w.sa1.id },
      body: {
        id: f.rows.gridOperator,
        name: 'Contract DSO',
        version: '2.0',
        baseUrl: 'https://cp.alpha.invalid/oscp/2.0',
        groupId: 'EAN-1',
      },
    }),
    foreign: (f) => ({
      path: { siteId: f.w.sb1.id },
      body: {
        name: 'Sneaky',
        version: '2.0',
        baseUrl: 'https://cp.x.invalid',
        groupId: 'EAN-X',
        token: 'sneaky-token-0001',
      },
    }),
  },
  // No Capacity Provider is reachable: registering answers 200 with status FAILED and the reason.
  'POST /grid-operators/{id}/register': {
    who: 'admin',
    input: (f) => id(f.rows.gridOperator),
    foreign: () => id(NO_SUCH),
  },
  'DELETE /grid-operators/{id}': {
    who: 'admin',
    input: (f) => id(f.rows.gridOperatorToDelete),
    foreign: () => id(NO_SUCH),
  },

  'GET /plug-and-charge/settings': { who: 'admin' },
  'PUT /plug-and-charge/settings': { who: 'admin', input: () => ({ body: { provider: 'TEST' } }) },
  'GET /plug-and-charge/trust-anchors': { who: 'admin' },
  'POST /plug-and-charge/trust-anchors': {
    who: 'admin',
    input: () => ({ body: { label: 'V2G root', pem: CONTRACT_ROOT_PEM } }),
  },
  'DELETE /plug-and-charge/trust-anchors/{id}': { who: 'admin', input: () => id(NO_SUCH), ok: 404 },
  'GET /exports/destination': { who: 'admin' },
  'PUT /exports/destination': {
    who: 'admin',
    input: () => ({
      body: {
        endpointUrl: 'https://s3.alpha.invalid',
        region: 'auto',
        bucket: 'alpha-warehouse',
        accessKeyId: 'AKIAALPHA',
        schedule: 'DAILY',
      },
    }),
  },
  'POST /exports/destination/test': { who: 'admin', ok: 200 },
  'DELETE /exports/destination': { who: 'admin' },
  'GET /exports/runs': { who: 'admin' },
  'POST /exports/runs': { who: 'admin', input: () => ({ body: {} }) },
  'GET /exports/runs/{id}': { who: 'admin', input: (f) => id(f.rows.exportRun), foreign: () => id(NO_SUCH) },

  'GET /faults': { who: 'member' },
  'GET /faults/{faultId}': {
    who: 'member',
    input: (f) => ({ path: { faultId: f.rows.faultA1 } }),
    foreign: (f) => ({ path: { faultId: f.rows.faultB } }),
    vendorForeign: (f) => ({ path: { faultId: f.rows.faultA2 } }),
  },
  // A client-credentials token acknowledges as its API client. Vendor A-One's client acknowledges
  // its own fault first; the admin's acknowledgement of the same fault is then a conflict.
  'POST /faults/{faultId}/acknowledge': {
    who: 'member',
    input: (f) => ({ path: { faultId: f.rows.faultA1 } }),
    vendor: 200,
    ok: 409,
    foreign: (f) => ({ path: { faultId: f.rows.faultB } }),
    vendorForeign: (f) => ({ path: { faultId: f.rows.faultA2 } }),
  },
  'GET /fleet/filter-options': { who: 'member' },
  'GET /fleet/kpis': { who: 'member' },
  'GET /fleet/power': { who: 'member' },

  'GET /id-tokens': { who: 'member' },
  'GET /id-tokens/count': { who: 'member' },
  'POST /id-tokens': { who: 'admin', input: () => ({ body: { token: 'CONTRACTNEW01' } }) },
  'POST /id-tokens/import': { who: 'admin', input: () => ({ body: { csv: 'token,label\nCONTRACTIMP01,Imported\n' } }) },
  'POST /id-tokens/push': { who: 'admin', input: () => ({ body: {} }) },
  'GET /id-tokens/{idTokenId}/erasures': {
    who: 'operator',
    input: (f) => ({ path: { idTokenId: f.rows.idToken } }),
    foreign: () => ({ path: { idTokenId: NO_SUCH } }),
  },
  'POST /id-tokens/{idTokenId}/erasures': {
    who: 'operator',
    input: (f) => ({ path: { idTokenId: f.rows.idToken }, body: {} }),
    foreign: () => ({ path: { idTokenId: NO_SUCH }, body: {} }),
  },
  'PATCH /id-tokens/{id}': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.idToken }, body: { patch: { label: 'Renamed card' } } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: { patch: { label: 'x' } } }),
  },

  'GET /invitations': { who: 'admin' },
  'POST /invitations': {
    who: 'admin',
    input: () => ({ body: { email: 'contract-invite@example.test', role: 'OPERATOR_STAFF' } }),
  },
  'DELETE /invitations/{id}': {
    who: 'admin',
    input: (f) => id(f.w.inviteA2.id),
    foreign: (f) => id(f.w.inviteB.id),
  },
  'GET /me': { who: 'member' },
  'GET /members': { who: 'admin' },
  'DELETE /members/{id}': {
    who: 'admin',
    input: (f) => id(f.rows.membershipToRemove),
    foreign: (f) => id(f.w.memberB.id),
  },

  'GET /ledger/balances': { who: 'member' },
  'GET /ledger/entries': { who: 'member' },

  'GET /payment-accounts': { who: 'admin' },
  'POST /payment-accounts': {
    who: 'admin',
    input: () => ({
      body: {
        label: 'contractNew',
        environment: 'sandbox',
        credentials: {
          provider: 'RAZORPAY',
          publicId: 'rzp_test_contractNew',
          secrets: { keySecret: 'contract-secret-0002', webhookSecret: 'contract-webhook-0002' },
        },
      },
    }),
  },
  'PUT /payment-accounts/{accountId}/default': {
    who: 'admin',
    input: (f) => ({ path: { accountId: f.rows.paymentAccount }, body: {} }),
    foreign: () => ({ path: { accountId: NO_SUCH }, body: {} }),
  },
  'POST /payment-accounts/{accountId}/test': {
    who: 'admin',
    input: (f) => ({ path: { accountId: f.rows.paymentAccount } }),
    foreign: () => ({ path: { accountId: NO_SUCH } }),
  },
  'DELETE /payment-accounts/{accountId}': {
    who: 'admin',
    input: (f) => ({ path: { accountId: f.rows.paymentAccountToDelete } }),
    foreign: () => ({ path: { accountId: NO_SUCH } }),
  },
  'PUT /payments-mode': { who: 'admin', input: () => ({ body: { mode: 'OWN_ACCOUNTS' } }) },

  'GET /payout-rail': { who: 'admin' },
  'PUT /payout-rail': { who: 'admin', input: () => ({ body: { rail: 'OFFLINE' } }) },
  'PUT /payout-rail/razorpayx': {
    who: 'admin',
    input: () => ({
      body: {
        keyId: 'rzp_test_contract',
        keySecret: 'contract-payout-secret-0001',
        accountNumber: '7878780080316316',
        webhookSecret: 'contract-payout-webhook-0001',
      },
    }),
  },
  'POST /payout-rail/razorpayx/test': { who: 'admin' },
  'DELETE /payout-rail/razorpayx': { who: 'admin' },
  // Tenant A's drivers do not pay through the platform account: Route is refused.
  'POST /payout-rail/route/linked-accounts': { who: 'admin', ok: 409 },
  'GET /payout-rail/route/linked-accounts': { who: 'admin' },
  'POST /payout-rail/route/operator-account': {
    who: 'admin',
    ok: 409,
    input: () => ({
      body: {
        legalBusinessName: 'Contract Operator Pvt Ltd',
        businessType: 'private_limited',
        contactName: 'Contract Admin',
        email: 'contract@example.in',
        phone: '9000000010',
        address: { street1: '1 Road', street2: 'Area', city: 'Pune', state: 'Maharashtra', postalCode: '411001' },
        bank: { accountNumber: '50100012345678', ifsc: 'HDFC0001234', beneficiaryName: 'Contract Operator' },
      },
    }),
  },
  'GET /payout-runs': { who: 'operator' },
  'POST /payout-runs': {
    who: 'admin',
    input: (f) => ({ body: { weekId: f.ledger.weekA.id } }),
    foreign: (f) => ({ body: { weekId: f.ledger.weekB.id } }),
  },
  'GET /payout-runs/{runId}': {
    who: 'operator',
    input: (f) => ({ path: { runId: f.ledger.runA } }),
    foreign: (f) => ({ path: { runId: f.ledger.runB } }),
  },
  'GET /payout-runs/{runId}/bank-file': {
    who: 'admin',
    input: (f) => ({ path: { runId: f.ledger.runA } }),
    foreign: (f) => ({ path: { runId: f.ledger.runB } }),
  },
  'POST /payout-runs/{runId}/reconciliation': {
    who: 'admin',
    input: (f) => ({
      path: { runId: f.ledger.runA },
      body: {
        csv: `Payment Reference,UTR,Status,Amount\r\n${f.ledger.payouts[f.w.a1.id]!},UTR000000000001,Success,1.00\r\n`,
      },
    }),
    foreign: (f) => ({ path: { runId: f.ledger.runB }, body: { csv: 'Payment Reference,UTR,Status,Amount\r\n' } }),
  },
  'GET /payouts': { who: 'member' },
  'GET /payouts/totals': { who: 'member' },
  'POST /payouts/{payoutId}/outcome': {
    who: 'admin',
    input: (f) => ({ path: { payoutId: f.ledger.payouts[f.w.a1.id]! }, body: { outcome: 'PAID', utr: 'UTR12345678' } }),
    foreign: (f) => ({
      path: { payoutId: f.ledger.payouts[f.w.b1.id]! },
      body: { outcome: 'PAID', utr: 'UTR00000000' },
    }),
  },

  'GET /pins': { who: 'operator' },
  'POST /pins': { who: 'admin', input: () => ({ body: { label: 'Contract driver 2' } }) },
  'PATCH /pins/{id}': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.pin }, body: { patch: { label: 'Renamed driver' } } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: { patch: { label: 'x' } } }),
  },
  'POST /pins/{id}/reset': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.pin }, body: {} }),
    foreign: () => ({ path: { id: NO_SUCH }, body: {} }),
  },

  'GET /reservations': { who: 'member' },
  'POST /reservations': {
    who: 'operator',
    input: (f) => ({ body: { chargerId: f.w.ca1.id, evseId: 1, idTag: f.rows.card, expiresAt: soon() } }),
    ok: OFFLINE,
    foreign: (f) => ({ body: { chargerId: f.w.cb1.id, evseId: 1, idTag: 'CONTRACTRES1', expiresAt: soon() } }),
  },
  'POST /reservations/{reservationId}/cancel': {
    who: 'operator',
    input: (f) => ({ path: { reservationId: f.rows.reservationA } }),
    ok: OFFLINE,
    foreign: (f) => ({ path: { reservationId: f.rows.reservationB } }),
  },

  'GET /sessions': { who: 'member' },
  'GET /sessions/{sessionId}': {
    who: 'member',
    input: (f) => ({ path: { sessionId: f.rows.sessionA1 } }),
    foreign: (f) => ({ path: { sessionId: f.rows.sessionB } }),
    vendorForeign: (f) => ({ path: { sessionId: f.rows.sessionA2 } }),
  },

  'GET /settlement-statements': { who: 'member' },
  'GET /settlement-statements/{id}': {
    who: 'member',
    input: (f) => id(f.rows.statementA1),
    foreign: (f) => id(f.rows.statementB),
    vendorForeign: (f) => id(f.rows.statementA2),
  },
  'GET /settlement-weeks': { who: 'member' },
  'GET /settlement-weeks/current': { who: 'member' },
  'GET /settlement-weeks/{id}': {
    who: 'member',
    input: (f) => id(f.ledger.weekA.id),
    foreign: (f) => id(f.ledger.weekB.id),
  },
  'GET /settlement-weeks/{weekId}/statements/{vendorId}/csv': {
    who: 'member',
    input: (f) => ({ path: { weekId: f.ledger.weekA.id, vendorId: f.w.a1.id } }),
    foreign: (f) => ({ path: { weekId: f.ledger.weekB.id, vendorId: f.w.b1.id } }),
    vendorForeign: (f) => ({ path: { weekId: f.ledger.weekA.id, vendorId: f.w.a2.id } }),
  },
  'POST /settlement-weeks/close': { who: 'admin', input: () => ({ body: { at: '2020-03-04T00:00:00Z' } }) },
  'GET /settlements/settings': { who: 'operator' },
  'PATCH /settlements/settings': { who: 'admin', input: () => ({ body: { tcsEnabled: false } }) },
  'POST /settlements/tax-rates': {
    who: 'admin',
    input: () => ({ body: { kind: 'TDS_194O', rateBps: 10, effectiveFrom: '2024-10-01T00:00:00+05:30' } }),
  },
  'GET /settlements/tax-summary': { who: 'member', input: () => ({ query: { fyStart: '2026', quarter: '3' } }) },
  'GET /settlements/tax-summary/csv': { who: 'member', input: () => ({ query: { fyStart: '2026', quarter: '3' } }) },
  'GET /split-terms': { who: 'member' },
  'POST /split-terms': {
    who: 'admin',
    input: (f) => ({ body: { vendorId: f.w.a1.id, effectiveFrom: '2026-12-01T00:00:00Z', vendorShareBps: 7000 } }),
    foreign: (f) => ({ body: { vendorId: f.w.b1.id, effectiveFrom: '2026-12-01T00:00:00Z', vendorShareBps: 7000 } }),
  },

  'GET /search': { who: 'member', input: () => ({ query: { q: 'CP-', limit: '3' } }) },

  'GET /sites': { who: 'member', input: () => ({ query: { limit: '2' } }) },
  'POST /sites': {
    who: 'admin',
    input: (f) => ({
      body: { name: 'Contract site', address: '2 Road', city: 'Pune', state: 'MH', vendorId: f.w.a1.id },
    }),
    foreign: (f) => ({ body: { name: 'Sneaky', address: '2 Road', city: 'Pune', state: 'MH', vendorId: f.w.b1.id } }),
  },
  'GET /sites/{id}': {
    who: 'member',
    input: (f) => id(f.w.sa1.id),
    foreign: (f) => id(f.w.sb1.id),
    vendorForeign: (f) => id(f.w.sa2.id),
  },
  'PATCH /sites/{id}': {
    who: 'admin',
    input: (f) => ({
      path: { id: f.w.sa1.id },
      body: { patch: { postalCode: '411001', timezone: 'Asia/Kolkata', lat: 18.52, lng: 73.85 } },
    }),
    foreign: (f) => ({ path: { id: f.w.sb1.id }, body: { patch: { name: 'Pwned' } } }),
  },
  'GET /sites/{id}/overview': {
    who: 'member',
    input: (f) => id(f.w.sa1.id),
    foreign: (f) => id(f.w.sb1.id),
    vendorForeign: (f) => id(f.w.sa2.id),
  },
  'POST /sites/{id}/archive': {
    who: 'admin',
    input: (f) => id(f.rows.siteToArchive),
    foreign: (f) => id(f.w.sb1.id),
  },
  'POST /sites/{id}/restore': {
    who: 'admin',
    input: (f) => id(f.rows.siteToArchive),
    foreign: (f) => id(f.w.sb1.id),
  },

  'GET /tariffs': { who: 'member' },
  'POST /tariffs': { who: 'admin', input: () => ({ body: { name: 'Contract tariff 2', definition: flat } }) },
  'POST /tariffs/preview': { who: 'operator', input: () => ({ body: { definition: flat } }) },
  'GET /tariffs/{id}': { who: 'member', input: (f) => id(f.rows.tariff), foreign: () => id(NO_SUCH) },
  'PUT /tariffs/{id}/assignment': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.tariff }, body: { siteId: null, connectorType: null, priority: 5 } }),
    foreign: (f) => ({ path: { id: f.rows.tariff }, body: { siteId: f.w.sb1.id, connectorType: null, priority: 5 } }),
  },
  'POST /tariffs/{id}/archive': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.tariff }, body: { archived: false } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: {} }),
  },

  'GET /tenant/settings': { who: 'admin' },
  'PATCH /tenant/branding': { who: 'admin', input: () => ({ body: { supportEmail: 'help@alpha.example' } }) },
  'GET /tenant/domains': { who: 'admin' },
  'POST /tenant/domains': { who: 'admin', input: (f) => ({ body: { host: `new.${f.w.A.slug}.example` } }) },
  'POST /tenant/domains/{id}/verify': {
    who: 'admin',
    input: (f) => id(f.w.domainA.id),
    foreign: (f) => id(f.w.domainB.id),
  },
  'DELETE /tenant/domains/{id}': {
    who: 'admin',
    input: (f) => id(f.rows.domainToDelete),
    foreign: (f) => id(f.w.domainB.id),
  },

  'GET /vendors': { who: 'member' },
  'POST /vendors': {
    who: 'admin',
    input: () => ({ body: { name: 'Contract vendor', legalName: 'Contract Pvt Ltd' } }),
  },
  'GET /vendors/{id}': {
    who: 'member',
    input: (f) => id(f.w.a1.id),
    foreign: (f) => id(f.w.b1.id),
    vendorForeign: (f) => id(f.w.a2.id),
  },
  'PATCH /vendors/{id}': {
    who: 'admin',
    input: (f) => ({ path: { id: f.w.a1.id }, body: { patch: { contactEmail: 'a1@example.test' } } }),
    foreign: (f) => ({ path: { id: f.w.b1.id }, body: { patch: { name: 'Pwned' } } }),
  },
  'DELETE /vendors/{id}': { who: 'admin', input: (f) => id(f.rows.vendorToDelete), foreign: (f) => id(f.w.b1.id) },

  'GET /webhook-event-types': { who: 'admin' },
  'GET /webhooks': { who: 'admin' },
  'POST /webhooks': {
    who: 'admin',
    input: () => ({ body: { url: 'https://hooks.alpha-new.example/in', eventTypes: ['payout.paid'] } }),
  },
  'PATCH /webhooks/{id}': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.webhook }, body: { description: 'ERP' } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: { description: 'x' } }),
  },
  'POST /webhooks/{id}/secret-rotations': {
    who: 'admin',
    input: (f) => ({ path: { id: f.rows.webhook }, body: { overlapMs: 0 } }),
    foreign: () => ({ path: { id: NO_SUCH }, body: {} }),
  },
  'POST /webhooks/{endpointId}/test': {
    who: 'admin',
    input: (f) => ({ path: { endpointId: f.rows.webhook }, body: {} }),
    foreign: () => ({ path: { endpointId: NO_SUCH }, body: {} }),
  },
  'DELETE /webhooks/{id}': {
    who: 'admin',
    input: (f) => id(f.rows.webhookToDelete),
    foreign: () => id(NO_SUCH),
  },
  'GET /webhook-deliveries': { who: 'admin' },
  'POST /webhook-deliveries/{deliveryId}/redeliver': {
    who: 'admin',
    input: (f) => ({ path: { deliveryId: f.rows.webhookDelivery } }),
    foreign: () => ({ path: { deliveryId: NO_SUCH } }),
  },
};
