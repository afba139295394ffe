import { describe, expect, it } from 'vitest';
import { applyLiveEvent, type ConnectorRow } from './live-rows.ts';

const aRow = (over: Partial<ConnectorRow> = {}): ConnectorRow => ({
  id: 'c1',
  chargerId: 'ch1',
  identity: 'DEMO-0001',
  model: 'Terra 54',
  evseId: 1,
  connectorId: 1,
  type: 'CCS2',
  ratedKw: 50,
  siteName: 'Orion',
  city: 'Bengaluru',
  livePowerW: null,
  liveSoc: null,
  liveEnergyWh: null,
  status: 'available',
  ocppStatus: 'AVAILABLE',
  errorCode: null,
  online: true,
  ...over,
});
const base = { tenantId: 't', chargerId: 'ch1', at: '2026-11-25T00:00:00Z' };

describe('applyLiveEvent', () => {
  it('changes the status of the connector the StatusNotification names, and only that one', () => {
    const other = aRow({ id: 'c2', evseId: 2 });
    const rows = [aRow(), other];
    const next = applyLiveEvent(rows, {
      ...base,
      type: 'connector.status',
      evseId: 1,
      connectorId: 1,
      status: 'SUSPENDED_EV',
      errorCode: null,
    });
    expect(next[0]).toMatchObject({ status: 'suspended', ocppStatus: 'SUSPENDED_EV' });
    expect(next[1]).toBe(other);
  });

  it('keeps an offline charger offline whatever its connectors report, and restores the status when it returns', () => {
    const offline = applyLiveEvent([aRow()], { ...base, type: 'charger.offline', identity: 'DEMO-0001' });
    expect(offline[0]!.status).toBe('offline');
    const faulted = applyLiveEvent(offline, {
      ...base,
      type: 'connector.status',
      evseId: 1,
      connectorId: 1,
      status: 'FAULTED',
      errorCode: 'GroundFailure',
    });
    expect(faulted[0]).toMatchObject({ status: 'offline', errorCode: 'GroundFailure' });
    expect(applyLiveEvent(faulted, { ...base, type: 'charger.online', identity: 'DEMO-0001' })[0]!.status).toBe(
      'faulted',
    );
  });

  it('takes power, SoC and energy from a meter update, keeping figures it does not carry', () => {
    const rows = [aRow({ status: 'charging', ocppStatus: 'CHARGING', liveSoc: 40 })];
    const next = applyLiveEvent(rows, {
      ...base,
      type: 'meter.update',
      evseId: 1,
      transactionId: 'x',
      powerW: 7200,
      energyWh: 1500,
      soc: null,
    });
    expect(next[0]).toMatchObject({ livePowerW: 7200, liveEnergyWh: 1500, liveSoc: 40 });
  });

  it('clears live figures when the connector becomes available', () => {
    const rows = [aRow({ status: 'finishing', ocppStatus: 'FINISHING', livePowerW: 100, liveEnergyWh: 9000 })];
    const next = applyLiveEvent(rows, {
      ...base,
      type: 'connector.status',
      evseId: 1,
      connectorId: 1,
      status: 'AVAILABLE',
      errorCode: null,
    });
    expect(next[0]).toMatchObject({ status: 'available', livePowerW: null, liveEnergyWh: null });
  });
});
