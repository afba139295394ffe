// The demo network seeded on first `npm start`: 3 cities, 6 sites, 2 vendors, 24 chargers.

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_CHARGER_PASSWORD = 'demo-charger-pass';

export const DEMO_VENDORS = [
  {
    key: 'sunrise',
    name: 'Sunrise Malls',
    legalName: 'Sunrise Malls Private Limited',
    pan: 'AABCS1234F',
    gstNumber: '29AABCS1234F1Z5',
    contactEmail: 'accounts@sunrisemalls.example',
    bankAccountName: 'Sunrise Malls Pvt Ltd',
    bankAccountNumber: '50200012345678',
    bankIfsc: 'HDFC0001234',
    revenueShareBps: 7000,
  },
  {
    key: 'highway',
    name: 'Highway Fuels',
    legalName: 'Highway Fuels LLP',
    pan: 'AAJFH5678K',
    gstNumber: '27AAJFH5678K1Z2',
    contactEmail: 'finance@highwayfuels.example',
    bankAccountName: 'Highway Fuels LLP',
    bankAccountNumber: '912010034567890',
    bankIfsc: 'UTIB0000456',
    revenueShareBps: 6500,
  },
] as const;

// Sites are named the way drivers know them and chargers carry location-style identities: the
// city's code and a number whose tens digit is the site's place in that city (BLR-014 is the
// fourth charger at the first Bengaluru site, Indiranagar Café).
export const DEMO_SITES = [
  {
    key: 'blr-indiranagar',
    code: 'BLR',
    vendor: 'sunrise',
    name: 'Indiranagar Café',
    address: '100 Feet Rd, HAL 2nd Stage, Indiranagar',
    city: 'Bengaluru',
    state: 'Karnataka',
    postalCode: '560038',
    lat: 12.9719,
    lng: 77.6412,
    gridCapacityKw: 150,
  },
  {
    key: 'blr-ecity',
    code: 'BLR',
    vendor: 'highway',
    name: 'Electronic City Fuel Stop',
    address: 'Hosur Rd, Electronic City Phase 1',
    city: 'Bengaluru',
    state: 'Karnataka',
    postalCode: '560100',
    lat: 12.8452,
    lng: 77.6602,
    gridCapacityKw: 400,
  },
  {
    key: 'mum-lower-parel',
    code: 'MUM',
    vendor: 'sunrise',
    name: 'Lower Parel Mall Deck',
    address: 'Senapati Bapat Marg, Lower Parel',
    city: 'Mumbai',
    state: 'Maharashtra',
    postalCode: '400013',
    lat: 18.9947,
    lng: 72.8258,
    gridCapacityKw: 300,
  },
  {
    key: 'mum-thane',
    code: 'MUM',
    vendor: 'highway',
    name: 'Thane Highway Plaza',
    address: 'Eastern Express Hwy, Thane West',
    city: 'Mumbai',
    state: 'Maharashtra',
    postalCode: '400604',
    lat: 19.2073,
    lng: 72.9733,
    gridCapacityKw: 500,
  },
  {
    key: 'pun-koregaon',
    code: 'PUN',
    vendor: 'sunrise',
    name: 'Koregaon Park Courtyard',
    address: 'North Main Rd, Koregaon Park',
    city: 'Pune',
    state: 'Maharashtra',
    postalCode: '411001',
    lat: 18.5362,
    lng: 73.894,
    gridCapacityKw: 200,
  },
  {
    key: 'pun-talegaon',
    code: 'PUN',
    vendor: 'highway',
    name: 'Talegaon Expressway Food Court',
    address: 'Mumbai-Pune Expressway, Talegaon',
    city: 'Pune',
    state: 'Maharashtra',
    postalCode: '410506',
    lat: 18.7357,
    lng: 73.6755,
    gridCapacityKw: 600,
  },
] as const;

/** Every demo site's time zone (IANA): the network is in India. */
export const DEMO_SITE_TIMEZONE = 'Asia/Kolkata';

type ConnectorSpec = { type: 'CCS2' | 'CHADEMO' | 'TYPE2' | 'BHARAT_AC001'; maxPowerKw: number };
export type DemoChargerSpec = {
  identity: string;
  site: (typeof DEMO_SITES)[number]['key'];
  protocol: 'OCPP16' | 'OCPP201';
  vendorName: string;
  model: string;
  maxPowerKw: number;
  connectors: ConnectorSpec[];
};

const MODELS = {
  exicom: {
    vendorName: 'Exicom',
    model: 'Harmony Gen1.5 7.4kW',
    kw: 7.4,
    connectors: [{ type: 'TYPE2', maxPowerKw: 7.4 }],
  },
  delta: {
    vendorName: 'Delta',
    model: 'AC MAX 22kW',
    kw: 22,
    connectors: [
      { type: 'TYPE2', maxPowerKw: 22 },
      { type: 'TYPE2', maxPowerKw: 22 },
    ],
  },
  statiq: { vendorName: 'Statiq', model: 'DC Fast 30kW', kw: 30, connectors: [{ type: 'CCS2', maxPowerKw: 30 }] },
  abb: {
    vendorName: 'ABB',
    model: 'Terra 54',
    kw: 50,
    connectors: [
      { type: 'CCS2', maxPowerKw: 50 },
      { type: 'CHADEMO', maxPowerKw: 50 },
    ],
  },
  tata: {
    vendorName: 'Tata Power',
    model: 'EZ Charge 60kW',
    kw: 60,
    connectors: [
      { type: 'CCS2', maxPowerKw: 60 },
      { type: 'CCS2', maxPowerKw: 60 },
    ],
  },
  servotech: {
    vendorName: 'Servotech',
    model: 'AC 11kW Wallbox',
    kw: 11,
    connectors: [{ type: 'TYPE2', maxPowerKw: 11 }],
  },
} as const satisfies Record<
  string,
  { vendorName: string; model: string; kw: number; connectors: readonly ConnectorSpec[] }
>;

type ModelKey = keyof typeof MODELS;
const V16 = 'OCPP16' as const;
const V201 = 'OCPP201' as const;

/** Each site's chargers in numbering order: cafés and malls mostly AC, highway stops DC fast. */
const SITE_CHARGERS: Record<(typeof DEMO_SITES)[number]['key'], [ModelKey, 'OCPP16' | 'OCPP201'][]> = {
  'blr-indiranagar': [
    ['delta', V201],
    ['servotech', V201],
    ['statiq', V16],
    ['exicom', V16],
  ],
  'blr-ecity': [
    ['tata', V16],
    ['abb', V201],
    ['tata', V201],
    ['statiq', V16],
  ],
  'mum-lower-parel': [
    ['exicom', V16],
    ['delta', V201],
    ['statiq', V16],
    ['servotech', V201],
  ],
  'mum-thane': [
    ['abb', V16],
    ['tata', V201],
    ['abb', V201],
    ['tata', V16],
  ],
  'pun-koregaon': [
    ['servotech', V16],
    ['exicom', V201],
    ['delta', V16],
    ['statiq', V201],
  ],
  'pun-talegaon': [
    ['abb', V16],
    ['statiq', V201],
    ['abb', V201],
    ['tata', V16],
  ],
};

/** A location-style identity: `BLR-014` is charger 4 of the city's first site. */
export function demoIdentity(code: string, siteInCity: number, n: number): string {
  return `${code}-${String(siteInCity * 10 + n).padStart(3, '0')}`;
}

export const DEMO_CHARGERS: DemoChargerSpec[] = DEMO_SITES.flatMap((site) => {
  const siteInCity = DEMO_SITES.filter((s) => s.code === site.code).findIndex((s) => s.key === site.key) + 1;
  return SITE_CHARGERS[site.key].map(([key, protocol], i) => {
    const m = MODELS[key];
    return {
      identity: demoIdentity(site.code, siteInCity, i + 1),
      site: site.key,
      protocol,
      vendorName: m.vendorName,
      model: m.model,
      maxPowerKw: m.kw,
      connectors: m.connectors.map((c) => ({ ...c })),
    };
  });
});

/** The identities the demo seed gave its chargers before they were location-style (DEMO-0001…). */
export const LEGACY_DEMO_IDENTITIES = Array.from({ length: 24 }, (_, i) => `DEMO-${String(i + 1).padStart(4, '0')}`);

export const DEMO_ID_TOKENS = [
  { token: 'DEMO-RFID-0001', type: 'RFID', label: 'Fleet card 1' },
  { token: 'DEMO-RFID-0002', type: 'RFID', label: 'Fleet card 2' },
  { token: 'DEMO-RFID-0003', type: 'RFID', label: 'Staff card' },
  { token: 'DEMO-BLOCKED-01', type: 'RFID', label: 'Lost card', status: 'BLOCKED' },
] as const;

/**
 * Plug & Charge contracts of the demo's simulated ISO 15118 EVs (contract certificates issued at run
 * time under the demo PKI, @magma/pki/testing): each eMAID is an id token of the demo operator; the
 * relay's demo OCSP responder answers `revoked` for the one marked so, so the dashboard shows both
 * Accepted and CertificateRevoked.
 */
export const DEMO_CONTRACTS = [
  { emaid: 'IN-MGM-C00000001-D', label: 'Plug & Charge contract (Nexon EV)', revoked: false },
  { emaid: 'IN-MGM-C00000002-D', label: 'Plug & Charge contract (ZS EV)', revoked: false },
  { emaid: 'IN-MGM-C00000003-D', label: 'Plug & Charge contract, certificate revoked', revoked: true },
] as const;
