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

export const DEMO_SITES = [
  {
    key: 'blr-orion',
    vendor: 'sunrise',
    name: 'Orion Mall Parking',
    address: 'Dr Rajkumar Rd, Rajajinagar',
    city: 'Bengaluru',
    state: 'Karnataka',
    postalCode: '560055',
    lat: 13.0108,
    lng: 77.5556,
    gridCapacityKw: 250,
  },
  {
    key: 'blr-ecity',
    vendor: 'highway',
    name: 'Electronic City Fuel Stop',
    address: 'Hosur Rd, Electronic City',
    city: 'Bengaluru',
    state: 'Karnataka',
    postalCode: '560100',
    lat: 12.8452,
    lng: 77.6602,
    gridCapacityKw: 400,
  },
  {
    key: 'mum-phoenix',
    vendor: 'sunrise',
    name: 'Phoenix Palladium Basement',
    address: 'Senapati Bapat Marg, Lower Parel',
    city: 'Mumbai',
    state: 'Maharashtra',
    postalCode: '400013',
    lat: 18.9947,
    lng: 72.8258,
    gridCapacityKw: 300,
  },
  {
    key: 'mum-eeh',
    vendor: 'highway',
    name: 'Eastern Express Highway Plaza',
    address: 'Eastern Express Hwy, Thane',
    city: 'Mumbai',
    state: 'Maharashtra',
    postalCode: '400604',
    lat: 19.2073,
    lng: 72.9733,
    gridCapacityKw: 500,
  },
  {
    key: 'pun-amanora',
    vendor: 'sunrise',
    name: 'Amanora Mall Deck',
    address: 'Amanora Park Town, Hadapsar',
    city: 'Pune',
    state: 'Maharashtra',
    postalCode: '411028',
    lat: 18.5196,
    lng: 73.9346,
    gridCapacityKw: 200,
  },
  {
    key: 'pun-expressway',
    vendor: 'highway',
    name: 'Expressway Food Court',
    address: 'Mumbai-Pune Expressway, Talegaon',
    city: 'Pune',
    state: 'Maharashtra',
    postalCode: '410506',
    lat: 18.7357,
    lng: 73.6755,
    gridCapacityKw: 600,
  },
] as const;

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

const MODELS = [
  { vendorName: 'Exicom', model: 'Harmony Gen1.5 7.4kW', kw: 7.4, connectors: [{ type: 'TYPE2', maxPowerKw: 7.4 }] },
  {
    vendorName: 'Delta',
    model: 'AC MAX 22kW',
    kw: 22,
    connectors: [
      { type: 'TYPE2', maxPowerKw: 22 },
      { type: 'TYPE2', maxPowerKw: 22 },
    ],
  },
  { vendorName: 'Statiq', model: 'DC Fast 30kW', kw: 30, connectors: [{ type: 'CCS2', maxPowerKw: 30 }] },
  {
    vendorName: 'ABB',
    model: 'Terra 54',
    kw: 50,
    connectors: [
      { type: 'CCS2', maxPowerKw: 50 },
      { type: 'CHADEMO', maxPowerKw: 50 },
    ],
  },
  {
    vendorName: 'Tata Power',
    model: 'EZ Charge 60kW',
    kw: 60,
    connectors: [
      { type: 'CCS2', maxPowerKw: 60 },
      { type: 'CCS2', maxPowerKw: 60 },
    ],
  },
  { vendorName: 'Servotech', model: 'AC 11kW Wallbox', kw: 11, connectors: [{ type: 'TYPE2', maxPowerKw: 11 }] },
] as const satisfies readonly { vendorName: string; model: string; kw: number; connectors: readonly ConnectorSpec[] }[];

export const DEMO_CHARGERS: DemoChargerSpec[] = Array.from({ length: 24 }, (_, i) => {
  const m = MODELS[i % MODELS.length]!;
  const site = DEMO_SITES[i % DEMO_SITES.length]!;
  return {
    identity: `DEMO-${String(i + 1).padStart(4, '0')}`,
    site: site.key,
    protocol: i % 2 === 0 ? 'OCPP16' : 'OCPP201',
    vendorName: m.vendorName,
    model: m.model,
    maxPowerKw: m.kw,
    connectors: m.connectors.map((c) => ({ ...c })),
  };
});

export const DEMO_ID_TOKENS = [
  { token: 'DEMO-RFID-0001', type: 'RFID', label: 'Fleet card 1' },
  { token: 'DEMO-RFID-0002', type: 'RFID', label: 'Fleet card 2' },
  { token: 'DEMO-RFID-0003', type: 'RFID', label: 'Staff card' },
  { token: 'DEMO-BLOCKED-01', type: 'RFID', label: 'Lost card', status: 'BLOCKED' },
] as const;
