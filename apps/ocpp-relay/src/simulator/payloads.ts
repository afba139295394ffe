// Payload builders for the simulated charger, one shape per OCPP version.

export type Version = 'ocpp1.6' | 'ocpp2.0.1';

export type MeterReading = { energyWh: number; powerW: number; soc: number };

const STATUS_201: Record<string, string> = {
  Available: 'Available',
  Preparing: 'Occupied',
  Charging: 'Occupied',
  SuspendedEV: 'Occupied',
  SuspendedEVSE: 'Occupied',
  Finishing: 'Occupied',
  Reserved: 'Reserved',
  Unavailable: 'Unavailable',
  Faulted: 'Faulted',
};

/** Status names are the 1.6 ones; 2.0.1 folds the session states into Occupied. */
export type SimStatus = keyof typeof STATUS_201;

export function bootPayload(v: Version, info: { vendor: string; model: string; serial: string; firmware: string }) {
  if (v === 'ocpp1.6') {
    return {
      chargePointVendor: info.vendor,
      chargePointModel: info.model,
      chargePointSerialNumber: info.serial,
      firmwareVersion: info.firmware,
    };
  }
  return {
    reason: 'PowerUp',
    chargingStation: {
      vendorName: info.vendor,
      model: info.model,
      serialNumber: info.serial,
      firmwareVersion: info.firmware,
    },
  };
}

export function statusPayload(v: Version, evseId: number, status: SimStatus, errorCode = 'NoError') {
  const timestamp = new Date().toISOString();
  if (v === 'ocpp1.6') return { connectorId: evseId, status, errorCode, timestamp };
  return { timestamp, connectorStatus: STATUS_201[status], evseId, connectorId: evseId === 0 ? 0 : 1 };
}

export function meterValue(v: Version, r: MeterReading, context = 'Sample.Periodic') {
  const timestamp = new Date().toISOString();
  if (v === 'ocpp1.6') {
    return {
      timestamp,
      sampledValue: [
        { value: String(r.energyWh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
        { value: String(r.powerW), context, measurand: 'Power.Active.Import', unit: 'W' },
        { value: String(r.soc), context, measurand: 'SoC', unit: 'Percent' },
      ],
    };
  }
  return {
    timestamp,
    sampledValue: [
      { value: r.energyWh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
      { value: r.powerW, context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } },
      { value: r.soc, context, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } },
    ],
  };
}
